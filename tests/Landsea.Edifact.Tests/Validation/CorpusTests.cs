using Landsea.Edifact.Directories;
using Landsea.Edifact.Json;
using Landsea.Edifact.Samples;
using Landsea.Edifact.Validation;

namespace Landsea.Edifact.Tests.Validation;

/// <summary>A corpus generated from the directories' own segment tables: every group appears, every element is filled.</summary>
public class CorpusTests
{
    public static TheoryData<string, string> AllMessages() => Directories.DirectoryCatalogTests.AllMessages();

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Validate_FullCoverageMessage_IsValidAndCoversEveryGroup(string directory, string messageType)
    {
        var dir = DirectoryCatalog.Get(directory);
        var builder = new SampleBuilder(dir, new Random(42));
        var message = builder.Message(messageType, "M1", full: true);
        var document = SampleBuilder.Interchange([message]);
        byte[] bytes = EdifactWriter.Write(document);

        var report = EdifactValidator.Validate(bytes);

        Assert.True(report.IsValid, string.Join("\n", report.Issues.Take(10)));
        Assert.Empty(report.Warnings);
        var tags = message.Body.Select(s => s.Tag).ToHashSet();
        foreach (var group in dir.Messages[messageType].Groups())
        {
            Assert.Contains(group.Tag, tags);
        }
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void RoundTrip_RandomMessages_ReadWriteReadGivesSameTree(string directory, string messageType)
    {
        var builder = new SampleBuilder(DirectoryCatalog.Get(directory), new Random(7)) { Escapes = true };
        var document = SampleBuilder.Interchange(Enumerable.Range(1, 5).Select(i => builder.Message(messageType, "R" + i, full: false)));
        byte[] first = EdifactWriter.Write(document);

        var read = EdifactReader.Read(first);
        Assert.True(read.Succeeded, string.Join("\n", read.Issues.Take(5)));
        byte[] second = EdifactWriter.Write(read.Document!);
        var again = EdifactReader.Read(second);

        Assert.Equal(first, second);
        Assert.Equal(EdifactJson.Serialize(document), EdifactJson.Serialize(again.Document!));
        var report = EdifactValidator.Validate(second);
        Assert.True(report.IsValid, string.Join("\n", report.Issues.Take(5)));
    }
}
