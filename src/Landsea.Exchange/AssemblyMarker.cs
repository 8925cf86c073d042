namespace Landsea.Exchange;
internal static class AssemblyMarker { }
