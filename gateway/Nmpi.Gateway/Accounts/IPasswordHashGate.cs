namespace Nmpi.Gateway.Accounts;

/// <summary>
/// A point each hashing thread passes before it computes a hash it took from the queue. None is registered in
/// production (the threads go straight on); a test registers one to hold the threads and fill the queue deterministically.
/// </summary>
public interface IPasswordHashGate
{
    /// <summary>Returns when the calling hashing thread may compute its hash.</summary>
    void Pass();
}
