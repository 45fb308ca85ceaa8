namespace InteropLint.Analyzers
{
    /// <summary>Every diagnostic id InteropLint reports. Nothing else spells them.</summary>
    public static class RuleIdentifiers
    {
        public const string ILNT001IntegerWidth = "ILNT001";
        public const string ILNT002AllocationLifetime = "ILNT002";
        public const string ILNT003StructLayout = "ILNT003";
        public const string ILNT004StringInLoop = "ILNT004";
        public const string ILNT005SignatureMismatch = "ILNT005";
        public const string ILNT006EntryPoint = "ILNT006";
        public const string ILNT007BorrowedString = "ILNT007";
        public const string ILNT008BoolWidth = "ILNT008";
        public const string ILNT009CharWidth = "ILNT009";
        public const string ILNT010CallbackLifetime = "ILNT010";
        public const string ILNT011Variadic = "ILNT011";
        public const string ILNT012EnumSize = "ILNT012";
        public const string ILNT013ConstantDrift = "ILNT013";

        public const string ILNT900HeaderDidNotParse = "ILNT900";
        public const string ILNT901LibclangNotFound = "ILNT901";
        public const string ILNT902ManifestUnreadable = "ILNT902";
        public const string ILNT903ManifestOutOfDate = "ILNT903";
    }
}
