import Findings

/// The deploy rule catalog: every rule, in id order. This list is the only place a rule is
/// registered (a test checks that every rule declared under Sources/Deploy is in it).
public enum DeployRules {
    public static let all: [DeployRule] = [
        ComposeDatabasePort.rule,
        ComposeDebugEnvironment.rule,
        ComposeDockerSocket.rule,
        ComposeHostNamespace.rule,
        ComposePrivileged.rule,
        ComposeSecretInEnvironment.rule,
        DockerAddURL.rule,
        DockerCopyEnvFile.rule,
        DockerDevServer.rule,
        DockerExposeSSH.rule,
        DockerPipeToShell.rule,
        DockerPipTrustedHost.rule,
        DockerPipWithoutHashes.rule,
        DockerRootUser.rule,
        DockerSecretInEnv.rule,
        DockerUnpinnedBase.rule,
        GunicornReload.rule,
        KubernetesHostNamespace.rule,
        KubernetesHostPath.rule,
        KubernetesPrivilegeEscalation.rule,
        KubernetesPrivileged.rule,
        KubernetesRunAsRoot.rule,
        KubernetesSecretInEnv.rule,
        ProcfileDevServer.rule,
        UwsgiAutoreload.rule,
    ].sorted { $0.id < $1.id }

    /// The descriptors, for `rules`, `explain`, SARIF and the README.
    public static var descriptors: [RuleDescriptor] { all.map(\.descriptor) }
}

/// What the deploy analysis made of one file.
public struct DeployScanResult: Sendable {
    public var kind: DeployFileKind
    public var findings: [Finding] = []
    /// Why the file could not be read as a file of its kind (`cannot parse Dockerfile: line 3:
    /// unknown instruction 'FORM'`); nil when it was read.
    public var failure: String?
    /// Line spans a suppression comment applies to as a whole: each Dockerfile instruction with
    /// the comment lines right above it (a `#` after an instruction is not a comment there).
    public var statementSpans: [ClosedRange<Int>] = []
}

/// The deploy and container file checks: which files they read (by name, then by content) and
/// running the rules of each file's kind over its parsed form. Pure: bytes in, findings out.
public enum DeployScanner {
    /// The kind of deploy file a path may be, by its name alone; nil for files the checks never read.
    public static func candidateKind(relativePath: String) -> DeployFileKind? {
        let name = (relativePath.split(separator: "/").last.map(String.init) ?? relativePath).lowercased()
        if isDockerfile(name) { return .dockerfile }
        let isYAML = name.hasSuffix(".yml") || name.hasSuffix(".yaml")
        if isYAML && (name.hasPrefix("docker-compose") || name.hasPrefix("compose")) { return .compose }
        if isYAML { return .kubernetes }
        if name.hasPrefix("gunicorn") && name.hasSuffix(".py") { return .gunicorn }
        if name.hasSuffix(".ini") { return .uwsgi }
        if name == "procfile" || name.hasPrefix("procfile.") { return .procfile }
        return nil
    }

    /// Suffixes of files named like Dockerfiles that are something else: templates, notes, scripts.
    static let notDockerfileSuffixes: Set<String> = ["j2", "jinja", "jinja2", "tmpl", "tpl", "template", "in", "erb", "mustache", "md", "txt", "rst",
                                                     "bak", "orig", "swp", "sh", "py", "yml", "yaml", "json", "toml", "lock", "dockerignore", "sample", "example"]

    static func isDockerfile(_ name: String) -> Bool {
        for base in ["dockerfile", "containerfile"] {
            if name == base { return true }
            if name.hasSuffix("." + base) { return true }
            if name.hasPrefix(base), let separator = name.dropFirst(base.count).first, separator == "." || separator == "-" || separator == "_" {
                let suffix = name.split(separator: ".").last.map(String.init) ?? ""
                return !(name.contains(".") && notDockerfileSuffixes.contains(suffix))
            }
        }
        return false
    }

    /// Runs the rules of the file's kind. nil when the file turns out not to be a deploy file (a
    /// YAML file that is no Kubernetes manifest, an `.ini` without `[uwsgi]`, a Helm template).
    public static func scan(bytes: [UInt8], relativePath: String, displayPath: String, rules: [DeployRule] = DeployRules.all) -> DeployScanResult? {
        guard let kind = candidateKind(relativePath: relativePath) else { return nil }
        guard let text = String(validating: bytes, as: UTF8.self), !bytes.prefix(8192).contains(0) else {
            return kind == .dockerfile || kind == .compose || kind == .procfile
                ? DeployScanResult(kind: kind, failure: "cannot read \(kind.title): not UTF-8 text") : nil
        }
        let file = DeployFile(relativePath: relativePath, displayPath: displayPath, text: text)
        let mine = rules.filter { $0.kind == kind }
        var result = DeployScanResult(kind: kind)
        switch kind {
        case .dockerfile:
            let dockerfile: Dockerfile
            do {
                dockerfile = try DockerfileParser.parse(file.lines)
            } catch {
                return DeployScanResult(kind: kind, failure: "cannot parse Dockerfile: \(error)")
            }
            for rule in mine { if case .dockerfile(let check) = rule.check { result.findings += check(dockerfile, file) } }
            result.statementSpans = instructionSpans(dockerfile, file)
        case .compose:
            switch YAMLDocuments.parse(text).flatMap(ComposeFile.read) {
            case .failure(let error): return DeployScanResult(kind: kind, failure: "cannot parse Compose file: \(error)")
            case .success(let compose):
                for rule in mine { if case .compose(let check) = rule.check { result.findings += check(compose, file) } }
            }
        case .kubernetes:
            // Only files that may be manifests are parsed; Helm templates are not YAML until rendered.
            guard text.contains("apiVersion"), text.contains("kind"), !text.contains("{{") else { return nil }
            switch YAMLDocuments.parse(text) {
            case .failure(let error):
                // Not judged unless it looks like a manifest at its first lines' level.
                guard file.lines.contains(where: { $0.hasPrefix("apiVersion:") }) && file.lines.contains(where: { $0.hasPrefix("kind:") }) else { return nil }
                return DeployScanResult(kind: kind, failure: "cannot parse Kubernetes manifest: \(error)")
            case .success(let documents):
                let (workloads, isManifest) = KubernetesWorkload.read(documents)
                guard isManifest else { return nil }
                for rule in mine { if case .kubernetes(let check) = rule.check { result.findings += check(workloads, file) } }
            }
        case .gunicorn:
            let config = GunicornConfig.read(bytes, path: displayPath)
            for rule in mine { if case .gunicorn(let check) = rule.check { result.findings += check(config, file) } }
        case .uwsgi:
            let ini = IniFile.read(file.lines)
            guard ini.sections.contains("uwsgi") else { return nil }
            for rule in mine { if case .uwsgi(let check) = rule.check { result.findings += check(ini, file) } }
        case .procfile:
            let procfile = Procfile.read(file.lines)
            for rule in mine { if case .procfile(let check) = rule.check { result.findings += check(procfile, file) } }
        }
        result.findings.sort(by: Finding.reportOrder)
        return result
    }

    /// Each instruction's lines with the comment lines right above it.
    static func instructionSpans(_ dockerfile: Dockerfile, _ file: DeployFile) -> [ClosedRange<Int>] {
        dockerfile.instructions.map { instruction in
            var first = instruction.lines.lowerBound
            while first > 1, file.line(first - 1).trimmingSpaces.hasPrefix("#") { first -= 1 }
            return first...instruction.lines.upperBound
        }
    }
}

extension DeployFileKind {
    /// How the file is named in messages.
    var title: String {
        switch self {
        case .dockerfile: return "Dockerfile"
        case .compose: return "Compose file"
        case .kubernetes: return "Kubernetes manifest"
        case .gunicorn: return "gunicorn configuration"
        case .uwsgi: return "uWSGI configuration"
        case .procfile: return "Procfile"
        }
    }
}
