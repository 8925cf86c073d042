using Xunit.Abstractions;
using Xunit.Sdk;

namespace Landsea.Exchange.Tests.Infrastructure;

/// <summary>Marks a test class that needs PostgreSQL: its tests skip, with the reason shown, when LANDSEA_TEST_POSTGRES is not set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresPostgresAttribute : Attribute
{
    public const string Variable = "LANDSEA_TEST_POSTGRES";

    public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } cs ? cs : null;

    public static string SkipReason => $"PostgreSQL not configured: set {Variable} to a connection string (.ci/run does)";
}

/// <summary>
/// A fact in an abstract store suite. It runs like [Fact], except in a class marked <see cref="RequiresPostgresAttribute"/>
/// when LANDSEA_TEST_POSTGRES is absent: there it is reported as skipped with the reason, never as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Landsea.Exchange.Tests.Infrastructure.StoreFactDiscoverer", "Landsea.Exchange.Tests")]
public sealed class StoreFactAttribute : FactAttribute;

public sealed class StoreFactDiscoverer : FactDiscoverer
{
    private readonly IMessageSink _sink;

    public StoreFactDiscoverer(IMessageSink diagnosticMessageSink)
        : base(diagnosticMessageSink)
    {
        _sink = diagnosticMessageSink;
    }

    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        bool needsPostgres = testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgresAttribute)).Any();
        if (needsPostgres && RequiresPostgresAttribute.ConnectionString is null)
        {
            return new SkippedTestCase(_sink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, RequiresPostgresAttribute.SkipReason);
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}

/// <summary>An xunit test case with a skip reason decided at discovery.</summary>
public sealed class SkippedTestCase : XunitTestCase
{
    private string _reason = "";

    [Obsolete("Called by the de-serializer", error: true)]
    public SkippedTestCase()
    {
    }

    public SkippedTestCase(IMessageSink sink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod method, string reason)
        : base(sink, display, options, method)
    {
        _reason = reason;
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) => _reason;

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue("SkipReason", _reason);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        _reason = data.GetValue<string>("SkipReason");
        base.Deserialize(data);
    }
}
