using System.Runtime.InteropServices;

namespace Nmpi.Adapters.Execution;

/// <summary>Sends POSIX signals through libc kill(2): .NET can only kill processes it started itself.</summary>
internal static partial class Signals
{
    public const int Kill = 9;
    public const int Term = 15;

    /// <summary>Sends the signal to a pid (or to a process group when negative); a process already gone is not an error.</summary>
    public static void Send(int pid, int signal) => _ = SendSignal(pid, signal);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
