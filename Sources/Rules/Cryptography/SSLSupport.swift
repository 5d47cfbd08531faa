import Dataflow
import PythonSyntax

/// Protocol constants shared by the B502/B503 rules (not a rule itself).
enum SSLSupport {
    /// Broken protocol versions, by the last component of their qualified name.
    static let badProtocols: Set<String> = [
        "PROTOCOL_SSLv2", "PROTOCOL_SSLv3", "PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1",
        "SSLv2_METHOD", "SSLv23_METHOD", "SSLv3_METHOD", "TLSv1_METHOD", "TLSv1_1_METHOD",
    ]

    /// The bad protocol an expression names (`ssl.PROTOCOL_SSLv3`, `OpenSSL.SSL.TLSv1_METHOD`), if any.
    static func badProtocol(_ expr: ExprID, _ context: RuleContext) -> String? {
        // `pyOpenSSL` is the distribution's name, imported by mistake as often as `OpenSSL`.
        guard let name = context.qualifiedName(expr), name.hasPrefix("ssl.") || name.hasPrefix("OpenSSL.") || name.hasPrefix("pyOpenSSL."),
              let last = name.split(separator: ".").last, badProtocols.contains(String(last)) else { return nil }
        return name
    }
}
