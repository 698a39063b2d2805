using Micic.Requests.Domain;

namespace Micic.UnitTests.Requests;

public class PossibleDuplicatesTests
{
    static readonly DateOnly Today = new(2026, 12, 6);

    static PersonIdentity Amina(string given = "Amina", string family = "Rahman", string sex = "F", DateOnly? born = null, int? age = 34,
        string nationality = "BGD", string? document = "BX0123456") =>
        new(given, family, sex, born, age, nationality, document);

    [Theory]
    [InlineData("BX0123456")]
    [InlineData("bx 012-3456")]
    [InlineData("BX.0123456")]
    [InlineData("BX٠١٢٣٤٥٦")]
    [InlineData("ＢＸ０１２３４５６")]
    public void The_same_document_of_the_same_nationality_is_a_possible_duplicate_however_it_was_typed(string typed) =>
        Assert.Equal(DuplicateReason.Document, PossibleDuplicates.Match(Amina(), Amina(given: "Aminah", age: 50, document: typed), Today));

    [Fact]
    public void The_same_number_from_another_country_is_another_document() =>
        Assert.Null(PossibleDuplicates.Match(Amina(), Amina(given: "Fatima", nationality: "PAK"), Today));

    [Theory]
    [InlineData("amina", "RAHMAN")]
    [InlineData(" Amína ", "Rahman")]
    [InlineData("Amina", "Rah man")]
    [InlineData("Amina", "Rah-man")]
    public void The_same_names_and_sex_with_an_agreeing_age_are_a_possible_duplicate(string given, string family) =>
        Assert.Equal(DuplicateReason.Identity, PossibleDuplicates.Match(Amina(document: null), Amina(given, family, age: 35, document: null), Today));

    [Fact]
    public void Arabic_names_match_without_their_short_vowels_or_elongation() =>
        Assert.Equal(DuplicateReason.Identity, PossibleDuplicates.Match(
            Amina("فاطمة", "السلامي", document: null, nationality: "LBY"), Amina("فَاطِمَة", "الس\u0640\u0640لامي", document: null, nationality: "SDN"), Today));

    [Fact]
    public void A_birth_date_and_an_age_agree_when_the_age_is_that_birth_date_s_give_or_take_a_year()
    {
        var born = new DateOnly(1992, 3, 1); // 34 on the day
        Assert.Equal(DuplicateReason.Identity, PossibleDuplicates.Match(Amina(born: born, age: null, document: null), Amina(age: 33, document: null), Today));
        Assert.Null(PossibleDuplicates.Match(Amina(born: born, age: null, document: null), Amina(age: 40, document: null), Today));
    }

    [Fact]
    public void Two_birth_dates_must_be_the_same_day() =>
        Assert.Null(PossibleDuplicates.Match(Amina(born: new(1992, 3, 1), age: null, document: null),
            Amina(born: new(1992, 3, 2), age: null, document: null), Today));

    [Theory]
    [InlineData("Amina", "Rahman", "M", 34)]
    [InlineData("Amina", "Rahim", "F", 34)]
    [InlineData("Amina", "Rahman", "F", 36)]
    public void Another_sex_name_or_age_is_someone_else(string given, string family, string sex, int age) =>
        Assert.Null(PossibleDuplicates.Match(Amina(document: null), Amina(given, family, sex, age: age, document: null), Today));

    [Fact]
    public void A_document_key_needs_a_number_and_an_identity_key_ignores_how_names_were_typed()
    {
        Assert.Null(PossibleDuplicates.DocumentKey(Amina(document: null)));
        Assert.Null(PossibleDuplicates.DocumentKey(Amina(document: " - ")));
        Assert.Null(PossibleDuplicates.DocumentKey(Amina(document: "N/A")));
        Assert.Null(PossibleDuplicates.DocumentKey(Amina(document: "0")));
        Assert.Null(PossibleDuplicates.DocumentKey(Amina(document: "UNKNOWN")));
        Assert.Equal("BGD:BX0123456", PossibleDuplicates.DocumentKey(Amina(document: "bx-0123456")));
        Assert.Equal(PossibleDuplicates.IdentityKey(Amina()), PossibleDuplicates.IdentityKey(Amina(" AMÍNA", "rahman ")));
    }

    [Fact]
    public void Without_a_given_name_there_is_nothing_to_compare_names_by() =>
        Assert.Null(PossibleDuplicates.IdentityKey(Amina(given: " - ")));

    static readonly (Guid Request, Guid Person)[] Earlier = [(Guid.NewGuid(), Guid.NewGuid()), (Guid.NewGuid(), Guid.NewGuid())];

    static Candidate Candidate(Guid request, Guid person, PersonIdentity identity, (Guid Request, Guid Person) other, PersonIdentity otherIdentity) =>
        new(request, person, identity, other.Request, other.Person, otherIdentity);

    [Fact]
    public void Flags_name_the_pair_of_requests_once_with_everyone_who_looks_alike_and_the_document_when_any_agrees()
    {
        var (request, mother, son) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var (earlierMother, earlierSon) = (Guid.NewGuid(), Guid.NewGuid());
        var earlier = Earlier[0].Request;
        var sonIdentity = Amina("Karim", sex: "M", age: 8, document: null);
        var flags = PossibleDuplicates.Flag([
            Candidate(request, mother, Amina(document: null), (earlier, earlierMother), Amina(document: null)),
            Candidate(request, son, sonIdentity, (earlier, earlierSon), sonIdentity with { Age = 9 }),
            Candidate(request, mother, Amina(document: null), (earlier, earlierMother), Amina(document: null)), // found by both keys
        ], Today);

        var flag = Assert.Single(flags);
        Assert.Equal((earlier, request), (flag.FirstRequestId, flag.SecondRequestId));
        Assert.Equal(DuplicateReason.Identity, flag.Reason);
        Assert.Equal(4, flag.People.Count);

        var withDocument = PossibleDuplicates.Flag([
            Candidate(request, mother, Amina(document: null), (earlier, earlierMother), Amina(document: null)),
            Candidate(request, son, Amina("Karim", sex: "M", age: 8), (earlier, earlierSon), Amina("Kareem", sex: "M", age: 8)),
        ], Today);
        Assert.Equal(DuplicateReason.Document, Assert.Single(withDocument).Reason);
    }

    [Fact]
    public void Two_requests_of_one_file_seen_from_both_sides_are_flagged_once_and_people_who_only_share_a_key_are_not()
    {
        var (one, two) = ((Guid.NewGuid(), Guid.NewGuid()), (Guid.NewGuid(), Guid.NewGuid()));
        var flags = PossibleDuplicates.Flag([
            Candidate(one.Item1, one.Item2, Amina(), two, Amina()),
            Candidate(two.Item1, two.Item2, Amina(), one, Amina()),
            Candidate(one.Item1, one.Item2, Amina(document: null), Earlier[1], Amina(document: null, age: 60)), // same names, another age
        ], Today);

        var flag = Assert.Single(flags);
        Assert.Equal(2, flag.People.Count);
        Assert.Equal(new[] { one.Item1, two.Item1 }.Order(), new[] { flag.FirstRequestId, flag.SecondRequestId }.Order());
    }
}
