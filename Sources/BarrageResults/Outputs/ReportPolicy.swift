import BarrageCore
import COpenSSL
import Foundation

/// The Content-Security-Policy of the report page and the dashboard.
///
/// The page's only script and stylesheet are inline, so they are allowed by their SHA-256 and
/// nothing else is: no other script (an injected `<img onerror>` or `<script>` does not run), no
/// inline `style` attribute, no images, frames or forms, and no connection except, on the
/// dashboard, back to the page's own origin for `/data`. It is a `<meta>` tag, so a report opened
/// from disk carries it too; the dashboard also sends it as a header.
public enum ReportPolicy {
    /// The policy for the page with `script` and `style` inline; `live` allows `fetch` of the same origin.
    public static func contentSecurityPolicy(script: String, style: String, live: Bool) -> String {
        [
            "default-src 'none'",
            "script-src '\(hashSource(script))'",
            "style-src '\(hashSource(style))'",
            "connect-src " + (live ? "'self'" : "'none'"),
            "base-uri 'none'",
            "form-action 'none'",
        ].joined(separator: "; ")
    }

    /// The policy of the page ``ReportPage`` makes.
    static let page = contentSecurityPolicy(script: ReportAssets.javaScript, style: ReportAssets.css, live: false)
    /// The policy of the dashboard's page.
    static let livePage = contentSecurityPolicy(script: ReportAssets.javaScript, style: ReportAssets.css, live: true)

    /// The policy for a page made with `live`.
    public static func forPage(live: Bool) -> String { live ? livePage : page }

    /// `sha256-<base64>` of `text`'s UTF-8 bytes, as CSP hashes an inline element's content.
    static func hashSource(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var digest = [UInt8](repeating: 0, count: 32)
        let done = bytes.withUnsafeBytes { bytes in
            digest.withUnsafeMutableBufferPointer { EVP_Digest(bytes.baseAddress, bytes.count, $0.baseAddress, nil, EVP_sha256(), nil) }
        }
        // libcrypto fails only when it cannot allocate; the text is our own page's script or style.
        guard done == 1 else { preconditionFailure("libcrypto failed to compute SHA-256") }
        return "sha256-" + Data(digest).base64EncodedString()
    }
}
