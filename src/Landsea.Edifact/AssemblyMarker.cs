namespace Landsea.Edifact;
internal static class AssemblyMarker { }
