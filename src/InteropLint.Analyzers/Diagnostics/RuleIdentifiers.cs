namespace InteropLint.Analyzers
{
    /// <summary>Every diagnostic id InteropLint reports. Nothing else spells them.</summary>
    public static class RuleIdentifiers
    {
        public const string IntegerWidthMismatch = "ILNT001";
        public const string NativeAllocationNotFreed = "ILNT002";
        public const string StructLayoutDrift = "ILNT003";
        public const string StringMarshalledInLoop = "ILNT004";
        public const string SignatureMismatch = "ILNT005";
        public const string EntryPointNotDeclared = "ILNT006";
        public const string BorrowedStringFreed = "ILNT007";
        public const string BoolWidthMismatch = "ILNT008";
        public const string CharWidthMismatch = "ILNT009";
        public const string CallbackMayBeCollected = "ILNT010";
        public const string VariadicFunction = "ILNT011";
        public const string EnumSizeMismatch = "ILNT012";
        public const string ConstantDrift = "ILNT013";

        public const string HeaderDidNotParse = "ILNT900";
        public const string LibclangNotFound = "ILNT901";
        public const string ManifestUnreadable = "ILNT902";
        public const string ManifestOutOfDate = "ILNT903";
    }
}
