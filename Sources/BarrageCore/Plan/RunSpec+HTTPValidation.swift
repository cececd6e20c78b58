/// The range checks on a `prepare`'s `spec.session.http`: every option that reaches curl is
/// bounded here, before the engine sets it on a handle (the version one of two, redirects a
/// small count, PEM texts capped and free of control bytes, a client certificate with its key).
/// The booleans (`insecure_skip_tls_verify`, `compression`, `discard_response_bodies`) are typed
/// by decoding: anything but `true`/`false` is a malformed frame naming the field.
extension RunSpec {
    static func checkHTTP(_ field: String, _ options: HTTPOptions) throws(SpecError) {
        guard options.version.isKnown else {
            let known = HTTPOptions.Version.all.map { "\"\($0.rawValue)\"" }.joined(separator: " or ")
            throw SpecError(field: field + ".version", problem: "'\(PeerText.escape(options.version.rawValue, limit: 40))' is not an HTTP version, expected \(known)")
        }
        try SpecError.check(field + ".max_redirects", options.maxRedirects, in: 0...HTTPOptions.maximumRedirects)
        try checkPEM(field + ".tls_ca_pem", options.tlsCAPEM)
        try checkPEM(field + ".tls_client_cert_pem", options.tlsClientCertPEM)
        try checkPEM(field + ".tls_client_key_pem", options.tlsClientKeyPEM)
        guard (options.tlsClientCertPEM == nil) == (options.tlsClientKeyPEM == nil) else {
            throw SpecError(field: field + ".tls_client_key_pem", problem: "a client certificate needs its key, and a key its certificate")
        }
    }

    /// At most ``HTTPOptions/maximumPEMBytes``, a `-----BEGIN ` line, and no control byte but
    /// tab, CR and LF (curl reads the blob as C text up to its length; a NUL would cut it short).
    public static func checkPEM(_ field: String, _ text: String?) throws(SpecError) {
        guard let text else { return }
        let bytes = text.utf8
        guard bytes.count <= HTTPOptions.maximumPEMBytes else {
            throw SpecError(field: field, problem: "is \(bytes.count) bytes long, at most \(HTTPOptions.maximumPEMBytes) are accepted")
        }
        if let bad = bytes.first(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F }) {
            throw SpecError(field: field, problem: "holds the control byte 0x\(String(bad, radix: 16)), which PEM text never has")
        }
        guard text.contains("-----BEGIN ") else {
            throw SpecError(field: field, problem: "is not PEM text (no '-----BEGIN ' line)")
        }
    }
}
