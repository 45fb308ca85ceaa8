namespace InteropLint.Manifest
{
    /// <summary>
    /// How the manifest spells its enumerations, both ways, in one place: the codecs write and read these words, and
    /// people see them in <c>dump</c> output. An unknown word reads as the enumeration's Unknown (or default) value,
    /// so a newer writer's additions do not break an older reader.
    /// </summary>
    public static class ManifestSpelling
    {
        public static string Of(CTypeKind kind) => kind switch
        {
            CTypeKind.Void => "void",
            CTypeKind.Bool => "bool",
            CTypeKind.Char => "char",
            CTypeKind.Integer => "int",
            CTypeKind.Float => "float",
            CTypeKind.Pointer => "pointer",
            CTypeKind.Struct => "struct",
            CTypeKind.Union => "union",
            CTypeKind.Enum => "enum",
            CTypeKind.Array => "array",
            CTypeKind.Function => "function",
            _ => "unknown",
        };

        public static CTypeKind ParseKind(string kind) => kind switch
        {
            "void" => CTypeKind.Void,
            "bool" => CTypeKind.Bool,
            "char" => CTypeKind.Char,
            "int" => CTypeKind.Integer,
            "float" => CTypeKind.Float,
            "pointer" => CTypeKind.Pointer,
            "struct" => CTypeKind.Struct,
            "union" => CTypeKind.Union,
            "enum" => CTypeKind.Enum,
            "array" => CTypeKind.Array,
            "function" => CTypeKind.Function,
            _ => CTypeKind.Unknown,
        };

        public static string Of(ScanSeverity severity) => severity switch
        {
            ScanSeverity.Warning => "warning",
            ScanSeverity.Error => "error",
            ScanSeverity.Fatal => "fatal",
            _ => "note",
        };

        public static ScanSeverity ParseSeverity(string severity) => severity switch
        {
            "warning" => ScanSeverity.Warning,
            "error" => ScanSeverity.Error,
            "fatal" => ScanSeverity.Fatal,
            _ => ScanSeverity.Note,
        };

        /// <summary>The ILNT9xx id a tool failure becomes; empty for <see cref="ToolCode.None"/>.</summary>
        public static string Of(ToolCode code) => code switch
        {
            ToolCode.LibclangNotFound => "ILNT901",
            ToolCode.ScanFailed => "ILNT902",
            _ => "",
        };

        public static ToolCode ParseToolCode(string id) => id switch
        {
            "ILNT901" => ToolCode.LibclangNotFound,
            "ILNT902" => ToolCode.ScanFailed,
            _ => ToolCode.None,
        };

        public static string Of(ElsewhereKind where) => where switch
        {
            ElsewhereKind.Skipped => "skipped",
            ElsewhereKind.Sibling => "sibling",
            _ => "",
        };

        public static ElsewhereKind ParseElsewhere(string where) => where switch
        {
            "skipped" => ElsewhereKind.Skipped,
            "sibling" => ElsewhereKind.Sibling,
            _ => ElsewhereKind.Unknown,
        };

        public static string Of(OwnershipReason reason) => reason switch
        {
            OwnershipReason.Attribute => "attribute",
            OwnershipReason.DocComment => "doc-comment",
            OwnershipReason.Libc => "libc",
            OwnershipReason.NamePair => "name-pair",
            OwnershipReason.TypePair => "type-pair",
            OwnershipReason.Option => "option",
            _ => "",
        };

        public static OwnershipReason ParseOwnershipReason(string reason) => reason switch
        {
            "attribute" => OwnershipReason.Attribute,
            "doc-comment" => OwnershipReason.DocComment,
            "libc" => OwnershipReason.Libc,
            "name-pair" => OwnershipReason.NamePair,
            "type-pair" => OwnershipReason.TypePair,
            "option" => OwnershipReason.Option,
            _ => OwnershipReason.Unknown,
        };

        public static string Of(RegistrationReason reason) => reason switch
        {
            RegistrationReason.UnregisterPair => "unregister-pair",
            RegistrationReason.DocComment => "doc-comment",
            RegistrationReason.Setter => "setter",
            RegistrationReason.StoredInStruct => "stored-in-struct",
            RegistrationReason.Name => "name",
            _ => "",
        };

        public static RegistrationReason ParseRegistrationReason(string reason) => reason switch
        {
            "unregister-pair" => RegistrationReason.UnregisterPair,
            "doc-comment" => RegistrationReason.DocComment,
            "setter" => RegistrationReason.Setter,
            "stored-in-struct" => RegistrationReason.StoredInStruct,
            "name" => RegistrationReason.Name,
            _ => RegistrationReason.Unknown,
        };
    }
}
