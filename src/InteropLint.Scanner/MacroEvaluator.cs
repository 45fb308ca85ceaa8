using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using InteropLint.Clang;
using InteropLint.Clang.Native;

namespace InteropLint.Scanner;

/// <summary>
/// Evaluates the replacement list of an object-like macro when it is an integer constant expression:
/// literals (decimal, hex, octal, binary, with u/l suffixes, character literals), parentheses, casts to
/// integer keywords, unary and binary operators, the ternary operator, and names of constants defined
/// earlier. Anything else (floats, strings, sizeof, function calls) is not a constant here.
/// </summary>
internal sealed class MacroEvaluator
{
    private static readonly HashSet<string> IntegerKeywords = new(StringComparer.Ordinal)
    {
        "int", "unsigned", "signed", "long", "short", "char", "_Bool",
    };

    private readonly IReadOnlyList<Token> _tokens;
    private readonly IReadOnlyDictionary<string, long> _known;
    private int _position;

    private MacroEvaluator(IReadOnlyList<Token> tokens, IReadOnlyDictionary<string, long> known)
    {
        _tokens = tokens;
        _known = known;
    }

    public static bool TryEvaluate(IReadOnlyList<Token> tokens, IReadOnlyDictionary<string, long> known, out long value)
    {
        value = 0;
        if (tokens.Count == 0)
        {
            return false;
        }

        if (HasTokenNoIntegerExpressionTakes(tokens, known))
        {
            return false; // most macros of a large header: said without the cost of throwing NotConstantException
        }

        var evaluator = new MacroEvaluator(tokens, known);
        try
        {
            value = evaluator.Conditional();
            return evaluator._position == tokens.Count;
        }
        catch (NotConstantException)
        {
            return false;
        }
        catch (DivideByZeroException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a token is one no rule below consumes in a constant: a name not defined earlier, a keyword other than an
    /// integer type's (in a cast), punctuation other than an operator or parenthesis, a string or floating literal.
    /// Every token must be consumed for a value, so such a token means "not a constant", which the evaluator would only
    /// find by throwing.
    /// </summary>
    private static bool HasTokenNoIntegerExpressionTakes(IReadOnlyList<Token> tokens, IReadOnlyDictionary<string, long> known)
    {
        foreach (var token in tokens)
        {
            var taken = token.Kind switch
            {
                CXTokenKind.Identifier => known.ContainsKey(token.Spelling),
                CXTokenKind.Keyword => IntegerKeywords.Contains(token.Spelling),
                CXTokenKind.Punctuation => Punctuation.Contains(token.Spelling),
                CXTokenKind.Literal => token.Spelling.StartsWith('\'') || token.Spelling.IndexOfAny(NotInIntegerLiterals) < 0,
                _ => false,
            };
            if (!taken)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A literal other than a character holding one of these is a string or a floating-point number, never an integer <see cref="ParseLiteral"/> accepts.</summary>
    private static readonly char[] NotInIntegerLiterals = { '"', '.' };

    /// <summary>Joins tokens back into readable text: no space inside parentheses or after unary signs at the start.</summary>
    public static string Text(IReadOnlyList<Token> tokens)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < tokens.Count; i++)
        {
            var spelling = tokens[i].Spelling;
            if (i > 0 && spelling != ")" && spelling != "," && tokens[i - 1].Spelling != "(" && !IsUnarySign(tokens, i - 1))
            {
                sb.Append(' ');
            }

            sb.Append(spelling);
        }

        return sb.ToString();
    }

    /// <summary>A sign that starts the text or follows '(' or another operator is unary: "-5", "(-5L)".</summary>
    private static bool IsUnarySign(IReadOnlyList<Token> tokens, int index)
    {
        var spelling = tokens[index].Spelling;
        if (spelling != "-" && spelling != "+" && spelling != "~" && spelling != "!")
        {
            return false;
        }

        return index == 0 || (tokens[index - 1].Kind == CXTokenKind.Punctuation && tokens[index - 1].Spelling != ")");
    }

    private string? Peek => _position < _tokens.Count ? _tokens[_position].Spelling : null;

    private bool Accept(string spelling)
    {
        if (Peek == spelling && _tokens[_position].Kind == CXTokenKind.Punctuation)
        {
            _position++;
            return true;
        }

        return false;
    }

    private long Conditional()
    {
        var condition = Binary(0);
        if (Accept("?"))
        {
            var whenTrue = Conditional();
            Expect(":");
            var whenFalse = Conditional();
            return condition != 0 ? whenTrue : whenFalse;
        }

        return condition;
    }

    private static readonly string[][] Precedence =
    {
        new[] { "||" }, new[] { "&&" }, new[] { "|" }, new[] { "^" }, new[] { "&" },
        new[] { "==", "!=" }, new[] { "<", ">", "<=", ">=" }, new[] { "<<", ">>" },
        new[] { "+", "-" }, new[] { "*", "/", "%" },
    };

    /// <summary>The punctuation a constant expression here may hold: the operators of <see cref="Precedence"/> (declared above it: static fields start in order), unary signs, parentheses, the ternary.</summary>
    private static readonly HashSet<string> Punctuation = new(Precedence.SelectMany(level => level).Concat(new[] { "~", "!", "(", ")", "?", ":" }), StringComparer.Ordinal);

    private long Binary(int level)
    {
        if (level == Precedence.Length)
        {
            return Unary();
        }

        var left = Binary(level + 1);
        while (true)
        {
            string? op = null;
            foreach (var candidate in Precedence[level])
            {
                if (Accept(candidate))
                {
                    op = candidate;
                    break;
                }
            }

            if (op == null)
            {
                return left;
            }

            var right = Binary(level + 1);
            left = Apply(op, left, right);
        }
    }

    private static long Apply(string op, long a, long b) => op switch
    {
        "||" => a != 0 || b != 0 ? 1 : 0,
        "&&" => a != 0 && b != 0 ? 1 : 0,
        "|" => a | b,
        "^" => a ^ b,
        "&" => a & b,
        "==" => a == b ? 1 : 0,
        "!=" => a != b ? 1 : 0,
        "<" => a < b ? 1 : 0,
        ">" => a > b ? 1 : 0,
        "<=" => a <= b ? 1 : 0,
        ">=" => a >= b ? 1 : 0,
        "<<" => b is >= 0 and < 64 ? a << (int)b : throw new NotConstantException(),
        ">>" => b is >= 0 and < 64 ? a >> (int)b : throw new NotConstantException(),
        "+" => unchecked(a + b),
        "-" => unchecked(a - b),
        "*" => unchecked(a * b),
        "/" => a / b,
        "%" => a % b,
        _ => throw new NotConstantException(),
    };

    private long Unary()
    {
        if (Accept("-"))
        {
            return unchecked(-Unary());
        }

        if (Accept("+"))
        {
            return Unary();
        }

        if (Accept("~"))
        {
            return ~Unary();
        }

        if (Accept("!"))
        {
            return Unary() == 0 ? 1 : 0;
        }

        return Primary();
    }

    private long Primary()
    {
        if (_position >= _tokens.Count)
        {
            throw new NotConstantException();
        }

        var token = _tokens[_position];
        if (Accept("("))
        {
            if (IsCast())
            {
                while (!Accept(")"))
                {
                    _position++;
                }

                return Unary();
            }

            var inner = Conditional();
            Expect(")");
            return inner;
        }

        _position++;
        if (token.Kind == CXTokenKind.Literal)
        {
            return ParseLiteral(token.Spelling);
        }

        if (token.Kind == CXTokenKind.Identifier && _known.TryGetValue(token.Spelling, out var value))
        {
            return value;
        }

        throw new NotConstantException();
    }

    /// <summary>After '(': integer keywords up to ')' make a cast.</summary>
    private bool IsCast()
    {
        var i = _position;
        var sawKeyword = false;
        while (i < _tokens.Count && _tokens[i].Kind == CXTokenKind.Keyword && IntegerKeywords.Contains(_tokens[i].Spelling))
        {
            sawKeyword = true;
            i++;
        }

        return sawKeyword && i < _tokens.Count && _tokens[i].Spelling == ")";
    }

    private void Expect(string spelling)
    {
        if (!Accept(spelling))
        {
            throw new NotConstantException();
        }
    }

    internal static long ParseLiteral(string text)
    {
        if (text.Length >= 3 && text[0] == '\'' && text[text.Length - 1] == '\'')
        {
            var body = text.Substring(1, text.Length - 2);
            if (body.Length == 1 && body[0] != '\\')
            {
                return body[0];
            }

            throw new NotConstantException();
        }

        var digits = text.TrimEnd('u', 'U', 'l', 'L');
        if (digits.Length == 0)
        {
            throw new NotConstantException();
        }

        try
        {
            if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
            {
                return unchecked((long)ulong.Parse(digits.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
            }

            if (digits.StartsWith("0b", StringComparison.OrdinalIgnoreCase))
            {
                return unchecked((long)System.Convert.ToUInt64(digits.Substring(2), 2));
            }

            if (digits.Length > 1 && digits[0] == '0')
            {
                return unchecked((long)System.Convert.ToUInt64(digits.Substring(1), 8));
            }

            foreach (var c in digits)
            {
                if (c < '0' || c > '9')
                {
                    throw new NotConstantException();
                }
            }

            return unchecked((long)ulong.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));
        }
        catch (FormatException)
        {
            throw new NotConstantException();
        }
    }

    private sealed class NotConstantException : Exception
    {
    }
}
