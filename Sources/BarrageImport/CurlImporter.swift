/// `coord import curl`: placeholder until the parser lands (below).
public enum CurlImporter {
    public static func importCommands(_ text: String, bodyFilePrefix: String) throws(ImportError) -> ImportResult {
        throw .badCurl("not yet")
    }
}
