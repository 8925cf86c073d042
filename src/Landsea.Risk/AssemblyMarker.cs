namespace Landsea.Risk;
internal static class AssemblyMarker { }
