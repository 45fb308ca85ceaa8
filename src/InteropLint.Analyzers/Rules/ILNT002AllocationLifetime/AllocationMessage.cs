using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace InteropLint.Analyzers
{
    /// <summary>ILNT002's message: what is lost where, why we think the caller owns it, and how to free it.</summary>
    internal static class AllocationMessage
    {
        public static string Compose(AllocationSite site)
        {
            var source = site.Source;
            var sb = new StringBuilder();
            var discarded = site.Local is null || site.Leak == LeakKind.Discarded;
            var exceptionOnly = site.Returned && site.Leak == LeakKind.MayThrow;
            if (discarded)
            {
                sb.Append("the result of '").Append(source.Allocator).Append("' is never freed (").Append(site.Detail).Append(')');
            }
            else
            {
                sb.Append('\'').Append(source.Allocator).Append(source.OutParameter is null ? "' result in '" : "' out-parameter '" + source.OutParameter + "' value in '")
                    .Append(site.Local!.Name).Append('\'');
                var neverFreed = !site.EverReleased && !site.Returned && !site.Escaped && site.Leak != LeakKind.Overwritten;
                if (exceptionOnly)
                {
                    sb.Append(" leaks if ").Append(site.Detail).Append(" at line ").Append(Line(site.LostAt)).Append(" throws before it is returned");
                }
                else if (neverFreed)
                {
                    sb.Append(" is never freed");
                }
                else
                {
                    switch (site.Leak)
                    {
                        case LeakKind.Returns when site.LostAt is null:
                            sb.Append(" is not freed on a path that reaches the end of the method");
                            break;
                        case LeakKind.Returns:
                            sb.Append(" is not freed on the path that returns at line ").Append(Line(site.LostAt));
                            break;
                        case LeakKind.Throws:
                            sb.Append(" is not freed when line ").Append(Line(site.LostAt)).Append(" throws");
                            break;
                        case LeakKind.MayThrow:
                            sb.Append(" leaks if ").Append(site.Detail).Append(" at line ").Append(Line(site.LostAt)).Append(" throws before it is freed");
                            break;
                        case LeakKind.Overwritten:
                            sb.Append(" is overwritten at line ").Append(Line(site.LostAt)).Append(" before it is freed");
                            break;
                    }
                }
            }

            if (source.NativeFacts != null)
            {
                sb.Append(" (the caller owns it: ").Append(source.NativeFacts).Append(')');
            }

            if (!discarded && site.BorrowedByNameOnly != null)
            {
                sb.Append("; that '").Append(site.BorrowedByNameOnly).Append("' does not keep it is judged from its name only");
            }

            if (exceptionOnly)
            {
                sb.Append("; the caller owns it once returned: free it only on the exception path, catch { ")
                    .Append(source.DeallocatorDisplay).Append("; throw; }");
                return sb.ToString();
            }

            sb.Append("; free it with ").Append(source.DeallocatorDisplay);
            sb.Append(discarded ? " after use" : " in a finally");
            return sb.ToString();
        }

        private static string Line(IOperation? operation) =>
            operation?.Syntax is null
                ? "?"
                : (operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1).ToString(CultureInfo.InvariantCulture);
    }
}
