using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Nmpi.Cli.Output;

/// <summary>
/// Where nmpi writes: data to stdout; progress and status to stdout in text mode and to stderr in JSON mode (so stdout
/// parses); bars and coloured tables only when stdout is a terminal, plain lines otherwise.
/// </summary>
public sealed class Terminal
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly Lock _lock = new();

    public Terminal(bool json)
    {
        Json = json;
        Interactive = !json && !Console.IsOutputRedirected;
    }

    /// <summary>Whether data is printed as JSON.</summary>
    public bool Json { get; }

    /// <summary>Whether stdout is a terminal that shows bars, tables and colours.</summary>
    public bool Interactive { get; }

    /// <summary>A line of data (stdout).</summary>
    public void Line(string text)
    {
        lock (_lock)
        {
            Console.Out.WriteLine(text);
        }
    }

    /// <summary>Text as it comes, e.g. a job's log (stdout in text mode, stderr in JSON mode).</summary>
    public void Raw(string text)
    {
        lock (_lock)
        {
            (Json ? Console.Error : Console.Out).Write(text);
        }
    }

    /// <summary>A status or progress line (stdout in text mode, stderr in JSON mode).</summary>
    public void Info(string text)
    {
        lock (_lock)
        {
            if (Interactive)
            {
                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
            }
            else
            {
                (Json ? Console.Error : Console.Out).WriteLine(text);
            }
        }
    }

    /// <summary>An error line of advice (stderr).</summary>
    public void Error(string text)
    {
        lock (_lock)
        {
            Console.Error.WriteLine(text);
        }
    }

    /// <summary>A table (stdout): drawn with borders on a terminal, else aligned plain columns; then the footer line, if any.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string? footer = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        if (Interactive)
        {
            var table = new Spectre.Console.Table().Border(TableBorder.Rounded);
            foreach (var column in header)
            {
                table.AddColumn(column);
            }

            foreach (var row in rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            if (footer is not null)
            {
                table.Caption(footer);
            }

            lock (_lock)
            {
                AnsiConsole.Write(table);
            }

            return;
        }

        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        Line(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            Line(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        }

        if (footer is not null)
        {
            Line(footer);
        }
    }

    /// <summary>Prints a JSON document (stdout).</summary>
    public void WriteJson(JsonNode node) => Line(node.ToJsonString(Indented));

    /// <summary>
    /// Runs work that reports (bytes done, bytes total), as a progress bar on a terminal; elsewhere silently (the
    /// caller prints a summary line).
    /// </summary>
    public async Task<T> WithProgressAsync<T>(string label, Func<IProgress<(long Done, long Total)>?, Task<T>> work)
    {
        if (!Interactive)
        {
            return await work(null);
        }

        T result = default!;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: 1);
                var progress = new Progress<(long Done, long Total)>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                });
                result = await work(progress);
                task.Value = task.MaxValue;
            });
        return result;
    }
}
