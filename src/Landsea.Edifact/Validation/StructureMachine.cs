using Landsea.Edifact.Directories;

namespace Landsea.Edifact.Validation;

/// <summary>
/// Walks a message's segment table (branching diagram) one segment at a time: segment order, segment groups,
/// mandatory entries and repeat counts. A segment matches the nearest entry at or after the current one in the
/// innermost open group; failing that, the enclosing groups are closed one by one (checking their remaining
/// mandatory entries). A group's trigger segment always opens a new instance of it.
/// </summary>
internal sealed class StructureMachine
{
    private Frame[] _stack = new Frame[16];
    private int _depth;

    public StructureNode? Root { get; private set; }

    public List<(string Code, string Reason)> Pending { get; } = [];

    public void Reset(StructureNode root)
    {
        Root = root;
        _depth = 1;
        _stack[0] = new Frame(root, -1, 0);
    }

    /// <summary>Advances over one segment; problems go to <see cref="Pending"/> (code, reason) for the caller to drain.</summary>
    public bool Step(int tagKey)
    {
        int level;
        int index = -1;
        int fallbackLevel = -1;
        int fallbackIndex = -1;
        for (level = _depth - 1; level >= 0; level--)
        {
            ref Frame f = ref _stack[level];
            StructureNode[] children = f.Group.Children;
            int start = Math.Max(f.Index, level == 0 ? 0 : 1);
            for (int i = start; i < children.Length; i++)
            {
                if (children[i].TagKey == tagKey)
                {
                    // An entry used up to its maximum yields to a later entry with the same tag (CUSDEC's two UNS).
                    if (i == f.Index && f.Count >= children[i].MaxRepeat && fallbackIndex < 0)
                    {
                        fallbackLevel = level;
                        fallbackIndex = i;
                        continue;
                    }

                    index = i;
                    break;
                }
            }

            if (index >= 0)
            {
                break;
            }
        }

        if (index < 0 && fallbackIndex >= 0)
        {
            level = fallbackLevel;
            index = fallbackIndex;
        }

        if (index < 0)
        {
            string tag = TagKeys.Name(tagKey);
            ref Frame top = ref _stack[_depth - 1];
            string after = top.Index >= 0 ? top.Group.Children[top.Index].Describe() : "the start";
            string where = _depth > 1 ? $" in segment group {top.Group.Id}" : "";
            Pending.Add((EdifactErrorCodes.UnexpectedSegment, $"segment {tag} is not allowed here (after {after}{where}) by the segment table of {Root!.Id}"));
            return false;
        }

        for (int l = _depth - 1; l > level; l--)
        {
            ReportMissing(ref _stack[l], _stack[l].Group.Children.Length, tagKey);
        }

        _depth = level + 1;
        ref Frame frame = ref _stack[level];
        StructureNode child = frame.Group.Children[index];
        if (index == frame.Index)
        {
            frame.Count++;
            if (frame.Count == child.MaxRepeat + 1)
            {
                Pending.Add((
                    child.IsGroup ? EdifactErrorCodes.TooManyGroupRepetitions : EdifactErrorCodes.TooManySegmentRepetitions,
                    $"{child.Describe()} occurs more than its maximum of {child.MaxRepeat}"));
            }
        }
        else
        {
            ReportMissing(ref frame, index, tagKey);
            frame.Index = index;
            frame.Count = 1;
        }

        if (child.IsGroup)
        {
            if (_depth == _stack.Length)
            {
                Array.Resize(ref _stack, _stack.Length * 2);
            }

            _stack[_depth++] = new Frame(child, 0, 1);
        }

        return true;
    }

    private void ReportMissing(ref Frame frame, int upTo, int tagKey)
    {
        StructureNode[] children = frame.Group.Children;
        for (int j = frame.Index + 1; j < upTo; j++)
        {
            if (children[j].Required)
            {
                string where = frame.Group == Root ? "" : $" in segment group {frame.Group.Id}";
                Pending.Add((EdifactErrorCodes.MissingSegment, $"mandatory {children[j].Describe()}{where} is missing (found {TagKeys.Name(tagKey)} instead)"));
            }
        }

        frame.Index = Math.Max(frame.Index, upTo - 1);
    }

    private struct Frame(StructureNode group, int index, int count)
    {
        public StructureNode Group = group;
        public int Index = index;
        public int Count = count;
    }
}
