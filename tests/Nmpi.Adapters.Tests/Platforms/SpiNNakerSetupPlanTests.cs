using Google.Protobuf.WellKnownTypes;
using Nmpi.Adapters.Platforms;

namespace Nmpi.Adapters.Tests.Platforms;

/// <summary>SpiNNaker's hardware_config lists turned into set-up steps: what runs, in what order, and what is refused.</summary>
public sealed class SpiNNakerSetupPlanTests
{
    private const string Job = "/work/jobs/job_5";
    private const string SitePython = "/usr/bin/python3";

    [Fact]
    public void NoLists_MeanNoStepsAndTheSitesInterpreter()
    {
        var plan = Plan(HardwareConfigCheckTests.Config(("spynnaker_version", Value.ForString("7.0"))));

        Assert.Empty(plan.Steps);
        Assert.Empty(plan.Problems);
        Assert.Empty(plan.ExcludedFromOutputs);
        Assert.Null(plan.Python);
    }

    [Fact]
    public void AllLists_AreFetchedByTheAdapter_ThenRunAsEnvironmentThenWheelDownloadThenPipThenMakeThenPythonSetups()
    {
        var plan = Plan(Lists(
            git: ["https://github.com/SpiNNakerManchester/Extra.git", "https://example.org/group/tools/"],
            pip: ["numpy>=1.20", "./Extra/pkg"],
            make: ["Extra/c_code"],
            setups: ["tools"]));

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [
                new("extra_git_repositories", 0, "git clone --depth 1 https://github.com/SpiNNakerManchester/Extra.git", "https://github.com/SpiNNakerManchester/Extra.git", "Extra", true),
                new SetupFetch("extra_git_repositories", 1, "git clone --depth 1 https://example.org/group/tools/", "https://example.org/group/tools/", "tools", true),
            ],
            plan.Fetches);
        Assert.Equal(
            [
                "virtual environment: python3 -m venv --system-site-packages .venv",
                "pip download: pip download --only-binary :all: numpy>=1.20",
                "extra_pip_installs: pip install numpy>=1.20",
                "extra_pip_installs: pip install ./Extra/pkg",
                "extra_makes: make -C Extra/c_code",
                "extra_python_setups: pip install tools",
            ],
            plan.Steps.Select(s => $"{s.Key}: {s.Description}"));
        Assert.Equal(SitePython, plan.Steps[0].Program);
        Assert.Equal(["-m", "venv", "--system-site-packages", $"{Job}/.venv"], plan.Steps[0].Arguments);
        Assert.Equal(SitePython, plan.Steps[1].Program);
        Assert.Equal(
            ["-I", "-m", "pip", "--isolated", "download", "--no-input", "--disable-pip-version-check", "--no-cache-dir", "--only-binary", ":all:", "--dest", $"{Job}/.wheelhouse/index", "--", "numpy>=1.20"],
            plan.Steps[1].Arguments);
        Assert.Equal($"{Job}/.venv/bin/python", plan.Steps[2].Program);
        Assert.Equal(["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--find-links", $"{Job}/.wheelhouse/index", "--", "numpy>=1.20"], plan.Steps[2].Arguments);
        Assert.Null(plan.Steps[2].CheckPath);
        Assert.Equal("./Extra/pkg", plan.Steps[3].CheckPath);
        Assert.Equal("make", plan.Steps[4].Program);
        Assert.Equal(["-C", $"{Job}/Extra/c_code"], plan.Steps[4].Arguments);
        Assert.Equal($"{Job}/tools", plan.Steps[5].Arguments[^1]);
        Assert.Equal($"{Job}/.venv/bin/python", plan.Python);
        Assert.Equal([".venv", ".wheelhouse", "Extra", "tools"], plan.ExcludedFromOutputs);
    }

    [Fact]
    public void MakesAlone_NeedNoEnvironment()
    {
        var plan = Plan(Lists(make: ["."]));

        Assert.Equal("make", Assert.Single(plan.Steps).Program);
        Assert.Null(plan.Python);
    }

    [Fact]
    public void PipOptions_FollowTheSite()
    {
        var offline = SpiNNakerSetupPlan.For(Lists(pip: ["x"]), Job, SitePython, new PlatformOptions { PipNoIndex = true }, allowFileUrls: false);
        var mirror = SpiNNakerSetupPlan.For(Lists(pip: ["x"]), Job, SitePython, new PlatformOptions { PipIndexUrl = "https://pypi.site/simple" }, allowFileUrls: false);

        // A site without an index downloads nothing: the requirement installs from what the environment already has.
        Assert.Equal(["virtual environment", "extra_pip_installs"], offline.Steps.Select(s => s.Key));
        Assert.Equal(["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--find-links", $"{Job}/.wheelhouse/index", "--", "x"], offline.Steps[1].Arguments);
        Assert.Equal(["--index-url", "https://pypi.site/simple", "--", "x"], mirror.Steps[1].Arguments.TakeLast(4));
        Assert.Contains("--only-binary", mirror.Steps[1].Arguments);
        Assert.Equal(["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--find-links", $"{Job}/.wheelhouse/index", "--", "x"], mirror.Steps[2].Arguments);
    }

    [Fact]
    public void OnlyTheWheelDownload_NeedsTheNetwork_AndClonesAreTheAdapters()
    {
        var plan = Plan(Lists(git: ["https://example.org/tools.git"], pip: ["numpy"], make: ["tools"], setups: ["tools"]));

        Assert.Equal("tools", Assert.Single(plan.Fetches).Target);
        Assert.Equal(
            [
                ("virtual environment", false),
                ("pip download", true),
                ("extra_pip_installs", false),
                ("extra_makes", false),
                ("extra_python_setups", false),
            ],
            plan.Steps.Select(s => (s.Key, s.NeedsNetwork)));
    }

    [Fact]
    public void PipEntry_ThatIsAnHttpsFile_IsDownloadedByTheAdapter_AndInstalledWithoutNetwork()
    {
        var plan = Plan(Lists(pip: ["https://files.example.org/a/tool-1.0-py3-none-any.whl", "probe[fast] @ https://example.org/dl/probe-0.1.tar.gz"]));

        Assert.Empty(plan.Problems);
        Assert.Equal(
            [
                new("extra_pip_installs", 0, "download https://files.example.org/a/tool-1.0-py3-none-any.whl", "https://files.example.org/a/tool-1.0-py3-none-any.whl", ".wheelhouse/url-0/tool-1.0-py3-none-any.whl", false),
                new SetupFetch("extra_pip_installs", 1, "download https://example.org/dl/probe-0.1.tar.gz", "https://example.org/dl/probe-0.1.tar.gz", ".wheelhouse/url-1/probe-0.1.tar.gz", false),
            ],
            plan.Fetches);
        Assert.Equal([false, false, false], plan.Steps.Select(s => s.NeedsNetwork));
        Assert.Equal($"{Job}/.wheelhouse/url-0/tool-1.0-py3-none-any.whl", plan.Steps[1].Arguments[^1]);
        Assert.Equal($"probe[fast] @ file://{Job}/.wheelhouse/url-1/probe-0.1.tar.gz", plan.Steps[2].Arguments[^1]);
        Assert.Contains("--no-index", plan.Steps[2].Arguments);
    }

    [Fact]
    public void PipEntry_ThatIsALocalPath_InstallsWithoutNetworkFromNoIndex()
    {
        // Its setup.py is the job's own code: it must not reach the site's network or the adapter's loopback.
        var plan = SpiNNakerSetupPlan.For(Lists(pip: ["./evil", "numpy"]), Job, SitePython, new PlatformOptions { PipIndexUrl = "https://pypi.site/simple" }, allowFileUrls: false);

        Assert.Equal([false, true, false, false], plan.Steps.Select(s => s.NeedsNetwork));
        Assert.Equal(["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--find-links", $"{Job}/.wheelhouse/index", "--", "./evil"], plan.Steps[2].Arguments);
    }

    [Fact]
    public void GitUrl_WithSshOrAnInternalAddress_IsClonedOnlyWhenTheSiteAllowsIt()
    {
        var plan = SpiNNakerSetupPlan.For(
            Lists(git: ["ssh://git@gitlab.example.org/models.git", "https://10.1.2.3/tools.git"]), Job, SitePython,
            new PlatformOptions { AllowSshAndGitUrls = true }, allowFileUrls: false, allowInternalUrls: true);

        // ssh cannot go through the guarded clone: a site that allows it clones in the sandbox, with the network.
        Assert.Empty(plan.Problems);
        Assert.True(Assert.Single(plan.Steps).NeedsNetwork);
        Assert.Equal("https://10.1.2.3/tools.git", Assert.Single(plan.Fetches).Url);
    }

    [Fact]
    public void PythonSetups_InstallFromNoIndex_WhateverTheSitesIndex()
    {
        // They run without network: an index or an isolated build (which fetches setuptools) could only fail there.
        var mirror = SpiNNakerSetupPlan.For(Lists(setups: ["tools"]), Job, SitePython, new PlatformOptions { PipIndexUrl = "https://pypi.site/simple" }, allowFileUrls: false);

        Assert.Equal(["-m", "pip", "install", "--no-input", "--no-index", "--no-build-isolation", "--", $"{Job}/tools"], mirror.Steps[1].Arguments);
    }

    [Theory]
    [InlineData("--index-url=https://evil.example/simple", "must be a requirement or a path, not a pip option")]
    [InlineData("-r /etc/requirements.txt", "must be a requirement or a path, not a pip option")]
    [InlineData("../elsewhere/pkg", "leads out of the job directory")]
    [InlineData("/opt/site-packages/pkg", "must be relative to the job directory")]
    [InlineData("pkg @ file:///etc/pkg", "file URLs are not accepted by this site")]
    [InlineData("git+file:///srv/repo", "file URLs are not accepted by this site")]
    [InlineData("git+https://github.com/x/y.git@v1", "version-control URLs are not installed by this site; list the repository in extra_git_repositories and install its path (e.g. ./repository)")]
    [InlineData("pkg @ git+ssh://git@gitlab.internal/pkg.git", "version-control URLs are not installed by this site; list the repository in extra_git_repositories and install its path (e.g. ./repository)")]
    [InlineData("ftp://example.org/pkg-1.0.tar.gz", "must be a requirement, a path, 'name @ https://…' or an https or http URL")]
    [InlineData("http://169.254.169.254/latest/pkg-1.0.tar.gz", "leads to 169.254.169.254, an address of the site's own network, which this site does not fetch from")]
    [InlineData("pkg @ https://[::1]/pkg-1.0-py3-none-any.whl", "leads to ::1, an address of the site's own network, which this site does not fetch from")]
    [InlineData("https://example.org/simple/pkg/", "must lead to a wheel or a source archive (a file ending in .whl, .tar.gz or .zip)")]
    [InlineData("pkg@1.0", "a direct reference must be written 'name @ https://…/file.whl'")]
    public void PipEntry_ThatIsAnOptionOrLeadsOut_IsRefused(string entry, string reason)
    {
        var problem = Assert.Single(Plan(Lists(pip: ["ok", entry])).Problems);

        Assert.StartsWith("hardware_config.extra_pip_installs[1]: ", problem, StringComparison.Ordinal);
        Assert.EndsWith(reason, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pkg @ https://example.org/pkg-1.0.tar.gz")]
    [InlineData("sPyNNaker==7.0.0")]
    [InlineData("./pkg[fast]")]
    public void PipEntry_ThatIsARequirementOrAPathInside_IsAccepted(string entry)
    {
        Assert.Empty(Plan(Lists(pip: [entry])).Problems);
    }

    [Theory]
    [InlineData("git@github.com:x/y.git", "must be an https or http URL")]
    [InlineData("ext::sh -c touch% /tmp/pwned", "must be an https or http URL")]
    [InlineData("ftp://example.org/y.git", "must be an https or http URL")]
    [InlineData("ssh://git@gitlab.internal/secret.git", "must be an https or http URL")]
    [InlineData("git://example.org/y.git", "must be an https or http URL")]
    [InlineData("https://127.0.0.1/y.git", "leads to 127.0.0.1, an address of the site's own network")]
    [InlineData("http://169.254.169.254/latest.git", "leads to 169.254.169.254, an address of the site's own network")]
    [InlineData("https://10.1.2.3:8443/group/y.git", "leads to 10.1.2.3, an address of the site's own network")]
    [InlineData("https://[::1]/y.git", "leads to ::1, an address of the site's own network")]
    [InlineData("file:///srv/repo.git", "file URLs are not accepted by this site")]
    [InlineData("https://example.org/", "does not end in a usable directory name")]
    [InlineData("https://example.org/.venv", "does not end in a usable directory name")]
    [InlineData("https://example.org/x/..", "does not end in a usable directory name")]
    public void GitUrl_ThatCannotBeCloned_IsRefused(string url, string reason)
    {
        var problem = Assert.Single(Plan(Lists(git: [url])).Problems);

        Assert.StartsWith("hardware_config.extra_git_repositories[0]: ", problem, StringComparison.Ordinal);
        Assert.Contains(reason, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void FileUrls_AreClonedWhenTheSiteAllowsThem()
    {
        var plan = SpiNNakerSetupPlan.For(Lists(git: ["file:///srv/models/net.git"], pip: ["pkg @ file:///srv/pkg"]), Job, SitePython, new PlatformOptions(), allowFileUrls: true);

        Assert.Empty(plan.Problems);
        Assert.Equal("net", Assert.Single(plan.Fetches).Target);
        Assert.Equal("pkg @ file:///srv/pkg", plan.Steps[^1].Arguments[^1]);
    }

    [Fact]
    public void TwoRepositoriesWithOneDirectoryName_AreRefused()
    {
        var problem = Assert.Single(Plan(Lists(git: ["https://a.example/x/tools.git", "https://b.example/tools"])).Problems);

        Assert.Equal("hardware_config.extra_git_repositories[1]: a repository is already cloned into 'tools'", problem);
    }

    [Fact]
    public void CredentialsInAGitUrl_StayOutOfTheDescription()
    {
        var fetch = Assert.Single(Plan(Lists(git: ["https://user:s3cret@example.org/x/y.git"])).Fetches);

        Assert.Equal("git clone --depth 1 https://***@example.org/x/y.git", fetch.Description);
        Assert.Equal("https://user:s3cret@example.org/x/y.git", fetch.Url);
    }

    [Fact]
    public void MakeAndSetupDirectories_LeadingOut_AreRefused()
    {
        var problems = Plan(Lists(make: ["../x"], setups: ["/usr/lib/python3"])).Problems;

        Assert.Equal(
            [
                "hardware_config.extra_makes[0]: '../x' leads out of the job directory",
                "hardware_config.extra_python_setups[0]: '/usr/lib/python3' must be relative to the job directory",
            ],
            problems);
    }

    private static SpiNNakerSetupPlan Plan(Struct config) =>
        SpiNNakerSetupPlan.For(config, Job, SitePython, new PlatformOptions(), allowFileUrls: false);

    private static Struct Lists(string[]? git = null, string[]? pip = null, string[]? make = null, string[]? setups = null)
    {
        var config = new Struct();
        Add(SpiNNakerSetupPlan.GitRepositories, git);
        Add(SpiNNakerSetupPlan.PipInstalls, pip);
        Add(SpiNNakerSetupPlan.Makes, make);
        Add(SpiNNakerSetupPlan.PythonSetups, setups);
        return config;

        void Add(string key, string[]? values)
        {
            if (values is not null)
            {
                config.Fields[key] = Value.ForList([.. values.Select(Value.ForString)]);
            }
        }
    }
}
