using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace InteropLint.Analyzers
{
    /// <summary>
    /// Apple arm64 (Apple's variant of AAPCS64): the runtime passes every P/Invoke argument as a named one — integers and
    /// pointers in x0–x7, floating point in v0–v7, the rest on the stack, each at its natural alignment and packed (a 4-byte
    /// int takes 4 bytes) — while a variadic C function reads every variadic argument with <c>va_arg</c> from the stack,
    /// one 8-byte slot each. Bindings work around it by declaring dummy register-sized arguments that fill x0–x7 so the
    /// real variadic ones land on the stack; that is right only when every one lands at the offset of its 8-byte slot.
    /// </summary>
    internal sealed class AppleArm64Variadics
    {
        private const int Registers = 8;

        private AppleArm64Variadics(bool usesWorkaround, string? problem, string? notChecked = null)
        {
            UsesWorkaround = usesWorkaround;
            Problem = problem;
            NotChecked = notChecked;
        }

        /// <summary>Why the call could not be laid out (an argument whose passing is not reasoned about), or null.</summary>
        public string? NotChecked { get; }

        /// <summary>Dummy arguments fill the registers so that variadic ones go on the stack: this declaration is meant for Apple arm64.</summary>
        public bool UsesWorkaround { get; }

        /// <summary>What the function reads wrong on Apple arm64, or null when every variadic argument is where va_arg reads it.</summary>
        public string? Problem { get; }

        /// <summary>Where each argument of the call lands; <paramref name="fixedCount"/> of them are the C function's named parameters.</summary>
        public static AppleArm64Variadics Judge(IReadOnlyList<PassedArgument> arguments, int fixedCount)
        {
            int gp = 0, fp = 0, stack = 0, variadicStart = -1;
            var inRegisters = new List<PassedArgument>();
            var onStack = new List<(PassedArgument Argument, int Offset)>();
            for (var i = 0; i < arguments.Count; i++)
            {
                var argument = arguments[i];
                if (i == fixedCount)
                {
                    variadicStart = Align(stack, 8); // va_start: the first 8-byte slot after the named stack arguments
                }

                if (argument.Kind == ArgumentClass.Unknown)
                {
                    return new AppleArm64Variadics(false, null, "argument '" + argument.Parameter.Name + "' is passed in a way not reasoned about (a struct by value or a custom marshaller)");
                }

                var inRegister = argument.IsFloatingPoint ? fp++ < Registers : gp++ < Registers;
                if (inRegister)
                {
                    if (i >= fixedCount)
                    {
                        inRegisters.Add(argument);
                    }

                    continue;
                }

                stack = Align(stack, argument.Size);
                if (i >= fixedCount)
                {
                    onStack.Add((argument, stack));
                }

                stack += argument.Size;
            }

            if (onStack.Count == 0)
            {
                var names = string.Join(", ", inRegisters.Select(a => "'" + a.Parameter.Name + "'"));
                return new AppleArm64Variadics(false, "variadic arguments are read from the stack but the P/Invoke passes " + names + " in registers, so the function reads garbage");
            }

            // Register arguments after the first stack one are real arguments the function cannot see; before it, they are the dummies.
            var firstStack = onStack[0].Argument;
            var lateRegister = inRegisters.FirstOrDefault(a => a.Parameter.Ordinal > firstStack.Parameter.Ordinal);
            if (lateRegister != null)
            {
                return new AppleArm64Variadics(inRegisters.Count > 0, "variadic argument '" + lateRegister.Parameter.Name + "' is passed in a "
                    + (lateRegister.IsFloatingPoint ? "floating-point" : "general-purpose") + " register, but va_arg reads the stack");
            }

            for (var k = 0; k < onStack.Count; k++)
            {
                var expected = variadicStart + 8 * k;
                if (onStack[k].Offset != expected)
                {
                    var a = onStack[k].Argument;
                    var narrow = onStack.Take(k).Select(s => s.Argument).Where(s => s.Size < 8).Select(s => "'" + s.Parameter.Name + "'").ToList();
                    return new AppleArm64Variadics(inRegisters.Count > 0, "variadic argument '" + a.Parameter.Name + "' is packed at stack offset "
                        + onStack[k].Offset.ToString(CultureInfo.InvariantCulture) + " where va_arg reads offset " + expected.ToString(CultureInfo.InvariantCulture)
                        + " (every variadic stack slot is 8 bytes)" + (narrow.Count == 0 ? "" : ": pass " + string.Join(", ", narrow) + (narrow.Count == 1 ? " as an 8-byte value" : " as 8-byte values") + " (long, nint)"));
                }
            }

            return new AppleArm64Variadics(inRegisters.Count > 0, null);
        }

        private static int Align(int offset, int alignment) => alignment <= 1 ? offset : (offset + alignment - 1) / alignment * alignment;
    }
}
