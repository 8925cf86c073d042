namespace Landsea.Data;
internal static class AssemblyMarker { }
