using Landsea.Exchange.Outbox;
using Landsea.Sharing;

namespace Landsea.Web.Tests.Sharing;

public class MessageTypesTests
{
    [Fact]
    public void Withdrawal_SameTextAsTheGateway() => Assert.Equal(ExchangeOutbox.WithdrawalType, MessageTypes.Withdrawal);

    [Fact]
    public void RefusedApplication_SameTextAsTheGateway() => Assert.Equal(ExchangeOutbox.RefusedApplicationType, MessageTypes.RefusedApplication);
}
