namespace Landsea.Web;
internal static class AssemblyMarker { }
