import Findings

/// The kinds of deploy file Taintline reads, each with its own parser.
public enum DeployFileKind: String, Sendable, CaseIterable {
    /// `Dockerfile`, `Dockerfile.prod`, `app.dockerfile`, `Containerfile`.
    case dockerfile
    /// `docker-compose*.yml`, `compose*.yaml`.
    case compose
    /// Any other YAML file; it is a Kubernetes manifest when a document has `apiVersion` and `kind`.
    case kubernetes
    /// `gunicorn.conf.py` and other Python files whose name starts with `gunicorn`.
    case gunicorn
    /// An `.ini` file with a `[uwsgi]` section.
    case uwsgi
    /// `Procfile` (Heroku, Dokku, foreman, honcho).
    case procfile

    /// The fence language of the rule documentation's examples.
    var language: String {
        switch self {
        case .dockerfile: return "dockerfile"
        case .compose, .kubernetes: return "yaml"
        case .gunicorn: return "python"
        case .uwsgi: return "ini"
        case .procfile: return "text"
        }
    }
}

/// A deploy file that documents and tests a rule. A line that must be reported ends with a marker
/// ` # error: TL-DEPLOY-...` (several ids separated by commas); the marker is removed before the
/// file is scanned, since in a Dockerfile a `#` after an instruction is not a comment. An example
/// without markers must produce no finding of the rule.
public struct DeployExample: Sendable, Hashable {
    public let text: String
    /// The path the example is scanned as: it decides the kind of file.
    public let path: String
    /// Whether the generic test may comment every line out and prefix two lines, expecting silence
    /// and shifted lines. False for examples whose meaning depends on the first line (a parser directive).
    public let perturbable: Bool

    public init(_ text: String, path: String = "Dockerfile", perturbable: Bool = true) {
        self.text = text
        self.path = path
        self.perturbable = perturbable
    }

    static let marker = " # error:"

    /// The file as scanned: markers removed, trailing spaces they leave behind too.
    public var scannedText: String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard let range = line.range(of: DeployExample.marker) else { return String(line) }
            var kept = line[..<range.lowerBound]
            while kept.last == " " { kept = kept.dropLast() }
            return String(kept)
        }.joined(separator: "\n")
    }

    /// 1-based line → the rule ids that must be reported there.
    public var expectedFindings: [Int: [String]] {
        var out: [Int: [String]] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard let range = line.range(of: DeployExample.marker) else { continue }
            let ids = line[range.upperBound...].split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            if !ids.isEmpty { out[index + 1] = ids }
        }
        return out
    }
}

/// What a rule is given to check: the parsed file, in the form of its kind.
enum DeployCheck: Sendable {
    case dockerfile(@Sendable (Dockerfile, DeployFile) -> [Finding])
    case compose(@Sendable (ComposeFile, DeployFile) -> [Finding])
    case kubernetes(@Sendable ([KubernetesWorkload], DeployFile) -> [Finding])
    case gunicorn(@Sendable (GunicornConfig, DeployFile) -> [Finding])
    case uwsgi(@Sendable (IniFile, DeployFile) -> [Finding])
    case procfile(@Sendable (Procfile, DeployFile) -> [Finding])

    var kind: DeployFileKind {
        switch self {
        case .dockerfile: return .dockerfile
        case .compose: return .compose
        case .kubernetes: return .kubernetes
        case .gunicorn: return .gunicorn
        case .uwsgi: return .uwsgi
        case .procfile: return .procfile
        }
    }
}

/// One deploy check: its descriptor (for `rules`, `explain`, SARIF and the README), its own
/// flagged and quiet examples (which the generic test in `DeployTests` runs), and the check.
public struct DeployRule: Sendable, CustomStringConvertible {
    public let descriptor: RuleDescriptor
    public let examples: [DeployExample]
    let check: DeployCheck

    init(_ descriptor: RuleDescriptor, examples: [DeployExample], check: DeployCheck) {
        self.descriptor = descriptor
        self.examples = examples
        self.check = check
    }

    public var id: String { descriptor.id }
    public var kind: DeployFileKind { check.kind }
    public var description: String { descriptor.id }
}

/// Builds deploy rule descriptors and their documentation in the fixed shape *What it does /
/// Why is this bad? / Example / Use instead / References* (the CWE link is added to the
/// references), the same shape as the code rules', so `explain`, the README and SARIF read alike.
enum DeployDoc {
    static func descriptor(id: String, name: String, summary: String, severity: Severity, confidence: Confidence, owasp: OWASPCategory,
                           cwe: Int, kind: DeployFileKind, what: String, why: String, example: String, useInstead: String,
                           references: [String], aliases: [String] = []) -> RuleDescriptor {
        let refs = references + ["https://cwe.mitre.org/data/definitions/\(cwe).html"]
        let documentation = """
        ## What it does
        \(what)

        ## Why is this bad?
        \(why)

        ## Example
        ```\(kind.language)
        \(example)
        ```

        ## Use instead
        ```\(kind.language)
        \(useInstead)
        ```

        ## References
        \(refs.map { "- <\($0)>" }.joined(separator: "\n"))
        """
        return RuleDescriptor(id: id, name: name, summary: summary, severity: severity, confidence: confidence, owasp: owasp,
                              cwe: CWE(cwe), analysis: .deploy, documentation: documentation, references: refs, aliases: aliases)
    }

    static let dockerfileReference = "https://docs.docker.com/reference/dockerfile/"
    static let dockerPractices = "https://docs.docker.com/build/building/best-practices/"
    static let dockerCheatSheet = "https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html"
    static let composeReference = "https://docs.docker.com/reference/compose-file/services/"
    static let kubernetesSecurityContext = "https://kubernetes.io/docs/tasks/configure-pod-container/security-context/"
    static let podSecurityStandards = "https://kubernetes.io/docs/concepts/security/pod-security-standards/"
    static let kubernetesCheatSheet = "https://cheatsheetseries.owasp.org/cheatsheets/Kubernetes_Security_Cheat_Sheet.html"
    static let secretsCheatSheet = "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html"
}
