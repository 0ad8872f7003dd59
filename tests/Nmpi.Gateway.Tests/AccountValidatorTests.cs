using Nmpi.Api.V1;
using Nmpi.Gateway.Accounts;
using Nmpi.Gateway.Collabs;

namespace Nmpi.Gateway.Tests;

public sealed class AccountValidatorTests
{
    [Theory]
    [InlineData("alice", true)]
    [InlineData("a", true)]
    [InlineData("j.doe_2-x", true)]
    [InlineData("", false)]
    [InlineData("Alice", false)]
    [InlineData("-alice", false)]
    [InlineData("al ice", false)]
    [InlineData("alice/bob", false)]
    public void UserIds_AreLowerCaseNames(string id, bool valid)
    {
        Assert.Equal(valid, AccountValidator.IsUserId(id));
        Assert.Equal(valid ? [] : ["user_id"], Fields(AccountValidator.Validate(new CreateUserRequest { UserId = id, Password = "long enough" })));
    }

    [Fact]
    public void UserId_Of65Characters_IsRefused() => Assert.False(AccountValidator.IsUserId(new string('a', 65)));

    [Theory]
    [InlineData("", false)]
    [InlineData("short", false)]
    [InlineData("1234567", false)]
    [InlineData("12345678", true)]
    public void NewPasswords_HaveAtLeastEightCharacters(string password, bool valid)
    {
        Assert.Equal(valid ? [] : ["password"], Fields(AccountValidator.Validate(new CreateUserRequest { UserId = "bob", Password = password })));
        Assert.Equal(valid ? [] : ["new_password"], Fields(AccountValidator.Validate(new SetPasswordRequest { NewPassword = password })));
    }

    [Theory]
    [InlineData("bob@example.org", true)]
    [InlineData("", true)]
    [InlineData("bob", false)]
    [InlineData("bob @example.org", false)]
    [InlineData("a@b@c", false)]
    public void Emails_AreAddressesOrEmpty(string email, bool valid)
    {
        Assert.Equal(valid ? [] : ["email"], Fields(AccountValidator.Validate(new CreateUserRequest { UserId = "bob", Password = "12345678", Email = email })));
        Assert.Equal(valid ? [] : ["email"], Fields(AccountValidator.Validate(new UpdateProfileRequest { Email = email })));
    }

    [Fact]
    public void ProfileChange_ChecksOnlyTheFieldsItSets()
    {
        Assert.Empty(AccountValidator.Validate(new UpdateProfileRequest { JobMails = false }));
        Assert.Equal(["display_name"], Fields(AccountValidator.Validate(new UpdateProfileRequest { DisplayName = "a\nb" })));
        Assert.Equal(["user_id"], Fields(AccountValidator.Validate(new UpdateProfileRequest { UserId = "Not A User" })));
    }

    [Fact]
    public void Login_NeedsUsernameAndPassword()
    {
        Assert.Equal(["username", "password"], Fields(AccountValidator.Validate(new LoginRequest())));
        Assert.Empty(AccountValidator.Validate(new LoginRequest { Username = "whoever", Password = "x" }));
    }

    [Theory]
    [InlineData("neuro-lab", "")]
    [InlineData("ab", "")]
    [InlineData("a", "id")]
    [InlineData("Neuro", "id")]
    [InlineData("private-bob", "id")]
    [InlineData("has space", "id")]
    public void NewCollabIds_AreNamesOutsideThePrivateOnes(string id, string field)
    {
        Assert.Equal(field.Length == 0 ? [] : [field], Fields(CollabValidator.Validate(new CreateCollabRequest { Id = id })));
    }

    [Fact]
    public void CollabTitle_OfMoreThan200Characters_IsRefused()
    {
        Assert.Equal(["title"], Fields(CollabValidator.Validate(new CreateCollabRequest { Id = "lab", Title = new string('t', 201) })));
    }

    [Fact]
    public void Membership_NeedsCollabUserAndARole()
    {
        Assert.Equal(["collab_id", "user_id", "role"], Fields(CollabValidator.Validate(new AddMemberRequest())));
        Assert.Equal(["role"], Fields(CollabValidator.Validate(new SetMemberRoleRequest { CollabId = "lab", UserId = "bob", Role = (CollabRole)7 })));
        Assert.Empty(CollabValidator.Validate(new RemoveMemberRequest { CollabId = "lab", UserId = "bob" }));
    }

    private static List<string> Fields(IReadOnlyList<Validation.FieldViolation> violations) => [.. violations.Select(v => v.Field)];
}
