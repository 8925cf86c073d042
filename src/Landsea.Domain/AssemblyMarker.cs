namespace Landsea;
internal static class AssemblyMarker { }
