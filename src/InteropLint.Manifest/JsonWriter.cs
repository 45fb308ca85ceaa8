using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace InteropLint.Manifest
{
    /// <summary>A small JSON writer: the manifest needs no more, and the analyzers may not depend on System.Text.Json.</summary>
    internal sealed class JsonWriter
    {
        private readonly StringBuilder _out;
        private bool _needComma;

        public JsonWriter(StringBuilder output) => _out = output;

        public void StartObject()
        {
            Comma();
            _out.Append('{');
            _needComma = false;
        }

        public void EndObject()
        {
            _out.Append('}');
            _needComma = true;
        }

        public void StartArray()
        {
            Comma();
            _out.Append('[');
            _needComma = false;
        }

        public void EndArray()
        {
            _out.Append(']');
            _needComma = true;
        }

        /// <summary>Starts a new line, for a file a person can diff: one declaration per line.</summary>
        public void NewLine() => _out.Append('\n');

        public void Name(string name)
        {
            Comma();
            AppendString(name);
            _out.Append(':');
            _needComma = false;
        }

        public void Value(string value)
        {
            Comma();
            AppendString(value);
            _needComma = true;
        }

        public void Value(long value)
        {
            Comma();
            _out.Append(value.ToString(CultureInfo.InvariantCulture));
            _needComma = true;
        }

        public void Value(bool value)
        {
            Comma();
            _out.Append(value ? "true" : "false");
            _needComma = true;
        }

        public void Property(string name, string value)
        {
            Name(name);
            Value(value);
        }

        public void Property(string name, long value)
        {
            Name(name);
            Value(value);
        }

        public void Property(string name, bool value)
        {
            Name(name);
            Value(value);
        }

        private void Comma()
        {
            if (_needComma)
            {
                _out.Append(',');
                _needComma = false;
            }
        }

        /// <summary>A JSON string: runs of characters that need no escape are appended whole (most strings are one run).</summary>
        private void AppendString(string s)
        {
            _out.Append('"');
            var run = 0;
            for (var i = 0; i < s.Length; i++)
            {
                var c = s[i];
                if (c >= 0x20 && c != '"' && c != '\\')
                {
                    continue;
                }

                _out.Append(s, run, i - run);
                run = i + 1;
                switch (c)
                {
                    case '"': _out.Append("\\\""); break;
                    case '\\': _out.Append("\\\\"); break;
                    case '\n': _out.Append("\\n"); break;
                    case '\r': _out.Append("\\r"); break;
                    case '\t': _out.Append("\\t"); break;
                    default: _out.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                }
            }

            _out.Append(s, run, s.Length - run);
            _out.Append('"');
        }
    }
}
