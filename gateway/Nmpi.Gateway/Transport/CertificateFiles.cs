using System.Security.Cryptography.X509Certificates;

namespace Nmpi.Gateway.Transport;

/// <summary>Loads the certificates the hosts are configured with: PKCS#12 (.pfx/.p12) or PEM files.</summary>
public static class CertificateFiles
{
    /// <summary>Loads a certificate with its private key; <paramref name="setting"/> names the option in error messages.</summary>
    public static X509Certificate2 LoadWithKey(string setting, string path, string? keyPath, string? password)
    {
        RequireFile(setting, path);
        X509Certificate2 certificate;
        try
        {
            if (Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12")
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password);
            }
            else
            {
                if (!string.IsNullOrEmpty(keyPath))
                {
                    RequireFile(setting + "Key", keyPath);
                }

                using var pem = string.IsNullOrEmpty(password)
                    ? X509Certificate2.CreateFromPemFile(path, string.IsNullOrEmpty(keyPath) ? null : keyPath)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, password, string.IsNullOrEmpty(keyPath) ? null : keyPath);

                // A key loaded from PEM is ephemeral; a PKCS#12 round trip gives TLS a key it can always use.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: {path} could not be read as a certificate with its private key ({e.Message}).", e);
        }

        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException($"{setting}: {path} has no private key (give a .pfx, or a PEM certificate with its key).");
        }

        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            throw new InvalidOperationException($"{setting}: the certificate {certificate.Subject} is valid only from {certificate.NotBefore:u} to {certificate.NotAfter:u}.");
        }

        return certificate;
    }

    /// <summary>Loads every certificate of a PEM file (a CA bundle).</summary>
    public static X509Certificate2Collection LoadBundle(string setting, string path)
    {
        RequireFile(setting, path);
        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPemFile(path);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new InvalidOperationException($"{setting}: {path} could not be read as PEM certificates ({e.Message}).", e);
        }

        return bundle.Count > 0 ? bundle : throw new InvalidOperationException($"{setting}: {path} holds no PEM certificate.");
    }

    private static void RequireFile(string setting, string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{setting}: the file {path} does not exist.");
        }
    }
}
