namespace Nmpi.JobManager.Display;

/// <summary>Refusal messages per form field; "" holds those that concern no one field.</summary>
public sealed class FormErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<string> Of(string field) => _errors.TryGetValue(field, out var list) ? list : [];

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }
}
