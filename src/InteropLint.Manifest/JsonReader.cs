using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>A pull reader over a JSON text: no DOM, no allocation but the strings asked for.</summary>
    internal sealed class JsonReader
    {
        private const int MaxSharedNameLength = 32;

        private readonly string _text;

        /// <summary>Property names seen so far: a manifest repeats a few dozen names hundreds of thousands of times.</summary>
        private readonly List<string> _names = new List<string>();
        private int _pos;

        public JsonReader(string text) => _text = text;

        public void StartObject() => Expect('{');

        public void StartArray() => Expect('[');

        /// <summary>Reads the next property name of the current object, or returns false at its end.</summary>
        public bool NextProperty(out string name)
        {
            SkipWhitespace();
            if (Peek() == ',')
            {
                _pos++;
                SkipWhitespace();
            }

            if (Peek() == '}')
            {
                _pos++;
                name = "";
                return false;
            }

            name = ReadPropertyName();
            SkipWhitespace();
            Expect(':');
            return true;
        }

        /// <summary>Positions at the next array item, or returns false at the array's end.</summary>
        public bool NextItem()
        {
            SkipWhitespace();
            if (Peek() == ',')
            {
                _pos++;
                SkipWhitespace();
            }

            if (Peek() == ']')
            {
                _pos++;
                return false;
            }

            return true;
        }

        public string ReadString()
        {
            SkipWhitespace();
            Expect('"');
            var start = _pos;
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = _text[_pos];
                if (c == '"')
                {
                    var s = _text.Substring(start, _pos - start);
                    _pos++;
                    return s;
                }

                if (c == '\\')
                {
                    return ReadEscapedString(start);
                }

                _pos++;
            }
        }

        public long ReadLong()
        {
            SkipWhitespace();
            var negative = Peek() == '-';
            if (negative)
            {
                _pos++;
            }

            // accumulated negatively, so long.MinValue reads too; parsed in place, no string per number
            var start = _pos;
            long value = 0;
            while (_pos < _text.Length && _text[_pos] >= '0' && _text[_pos] <= '9')
            {
                value = checked((value * 10) - (_text[_pos] - '0'));
                _pos++;
            }

            if (_pos == start)
            {
                throw Error("number expected");
            }

            return negative ? value : checked(-value);
        }

        public int ReadInt() => checked((int)ReadLong());

        public bool ReadBool()
        {
            SkipWhitespace();
            if (string.CompareOrdinal(_text, _pos, "true", 0, 4) == 0)
            {
                _pos += 4;
                return true;
            }

            if (string.CompareOrdinal(_text, _pos, "false", 0, 5) == 0)
            {
                _pos += 5;
                return false;
            }

            throw Error("boolean expected");
        }

        public bool TryReadNull()
        {
            SkipWhitespace();
            if (string.CompareOrdinal(_text, _pos, "null", 0, 4) == 0)
            {
                _pos += 4;
                return true;
            }

            return false;
        }

        /// <summary>Skips one value of any kind: how readers stay compatible with fields added later.</summary>
        public void Skip() => Skip(0);

        /// <summary>
        /// Deeper than any manifest nests: a corrupt file of nested brackets must give a format error,
        /// not a stack overflow that takes the compiler (or the IDE) down with it.
        /// </summary>
        private const int MaxSkipDepth = 64;

        private void Skip(int depth)
        {
            if (depth > MaxSkipDepth)
            {
                throw Error("values nested more than " + MaxSkipDepth.ToString(CultureInfo.InvariantCulture) + " deep");
            }

            SkipWhitespace();
            switch (Peek())
            {
                case '{':
                    StartObject();
                    while (NextProperty(out _))
                    {
                        Skip(depth + 1);
                    }

                    break;
                case '[':
                    StartArray();
                    while (NextItem())
                    {
                        Skip(depth + 1);
                    }

                    break;
                case '"':
                    ReadString();
                    break;
                case 't':
                case 'f':
                    ReadBool();
                    break;
                case 'n':
                    if (!TryReadNull())
                    {
                        throw Error("value expected");
                    }

                    break;
                default:
                    SkipNumber();
                    break;
            }
        }

        public void EndOfInput()
        {
            SkipWhitespace();
            if (_pos != _text.Length)
            {
                throw Error("unexpected text after the manifest");
            }
        }

        /// <summary>A property name, shared with the earlier occurrences of the same name instead of a new string each time.</summary>
        private string ReadPropertyName()
        {
            SkipWhitespace();
            Expect('"');
            var start = _pos;
            var end = _text.IndexOf('"', start);
            if (end < 0 || end - start > MaxSharedNameLength || _text.IndexOf('\\', start, end - start) >= 0)
            {
                _pos = start - 1;
                return ReadString();
            }

            var length = end - start;
            _pos = end + 1;
            foreach (var known in _names)
            {
                if (known.Length == length && string.CompareOrdinal(_text, start, known, 0, length) == 0)
                {
                    return known;
                }
            }

            var name = _text.Substring(start, length);
            _names.Add(name);
            return name;
        }

        private void SkipNumber()
        {
            var start = _pos;
            while (_pos < _text.Length && "+-0123456789.eE".IndexOf(_text[_pos]) >= 0)
            {
                _pos++;
            }

            if (_pos == start)
            {
                throw Error("value expected");
            }
        }

        private string ReadEscapedString(int start)
        {
            var sb = new StringBuilder();
            sb.Append(_text, start, _pos - start);
            while (true)
            {
                if (_pos >= _text.Length)
                {
                    throw Error("unterminated string");
                }

                var c = _text[_pos++];
                if (c == '"')
                {
                    return sb.ToString();
                }

                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }

                if (_pos >= _text.Length)
                {
                    throw Error("unterminated escape");
                }

                var e = _text[_pos++];
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'u':
                        if (_pos + 4 > _text.Length)
                        {
                            throw Error("bad \\u escape");
                        }

                        sb.Append((char)int.Parse(_text.Substring(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                        _pos += 4;
                        break;
                    default: sb.Append(e); break;
                }
            }
        }

        private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

        private void Expect(char c)
        {
            SkipWhitespace();
            if (Peek() != c)
            {
                throw Error("'" + c + "' expected");
            }

            _pos++;
        }

        private void SkipWhitespace()
        {
            while (_pos < _text.Length)
            {
                var c = _text[_pos];
                if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                {
                    break;
                }

                _pos++;
            }
        }

        private ManifestFormatException Error(string what) =>
            new ManifestFormatException(what + " at character " + _pos.ToString(CultureInfo.InvariantCulture));
    }
}
