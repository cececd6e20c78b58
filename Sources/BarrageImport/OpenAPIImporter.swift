public enum OpenAPIImporter {
    public static func importFile(_ path: String) throws(ImportError) -> ImportResult {
        throw .badOpenAPI("not yet")
    }
}
