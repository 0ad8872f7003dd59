using Nmpi.Api.V1;
using AdaptersClient = Nmpi.Api.V1.Adapters.AdaptersClient;

namespace Nmpi.Adapters;

/// <summary>What a registered adapter reports with: its client, the id the gateway gave it, and the interpreter's version.</summary>
public sealed record AdapterSession(AdaptersClient Client, string AdapterId, string PythonVersion);
