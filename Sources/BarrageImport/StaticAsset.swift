/// Whether a recorded request fetched a static asset (image, font, stylesheet, script, media,
/// source map): what a load test of the application leaves out by default.
enum StaticAsset {
    static let extensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "avif", "bmp", "woff", "woff2", "ttf", "otf", "eot", "css", "js",
        "mjs", "map", "mp4", "webm", "mp3", "wav", "ogg", "m4a", "flac", "wasm",
    ]
    static let chromeTypes: Set<String> = ["image", "font", "stylesheet", "script", "media", "manifest"]

    static func isStatic(path: String, mimeType: String?, resourceType: String?) -> Bool {
        if let resourceType, chromeTypes.contains(resourceType.lowercased()) { return true }
        let lastSegment = path.split(separator: "/").last ?? ""
        if let dot = lastSegment.lastIndex(of: "."), extensions.contains(lastSegment[lastSegment.index(after: dot)...].lowercased()) {
            return true
        }
        guard let type = mimeType?.lowercased().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) else { return false }
        return type.hasPrefix("image/") || type.hasPrefix("font/") || type.hasPrefix("audio/") || type.hasPrefix("video/")
            || type == "text/css" || type.hasSuffix("javascript") || type == "application/wasm" || type.hasPrefix("application/font")
            || type == "application/x-font-woff"
    }
}
