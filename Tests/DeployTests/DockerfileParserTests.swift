import Foundation
import Findings
import Testing
@testable import Deploy

private func parse(_ text: String) throws -> Dockerfile {
    try DockerfileParser.parse(DeployFile(relativePath: "Dockerfile", displayPath: "Dockerfile", text: text).lines)
}

private func failure(_ text: String, path: String = "Dockerfile") -> String? {
    scan(text, path: path)?.failure
}

@Suite("Dockerfile parser")
struct DockerfileParserTests {
    @Test func continuationsCommentsAndStages() throws {
        let file = try parse("""
        # syntax=docker/dockerfile:1.7
        ARG PY=3.12
        FROM python:${PY}-slim AS base
        # a comment
        RUN apt-get update \\
        # a comment inside the continuation
            && apt-get install -y curl

        FROM base
        USER app
        """)
        #expect(file.directives["syntax"] == "docker/dockerfile:1.7")
        #expect(file.stages.count == 2)
        #expect(file.stages[0].name == "base")
        #expect(file.resolvedImage(of: file.stages[0]) == "python:3.12-slim")
        let run = try #require(file.stages[0].instructions.first)
        #expect(run.keyword == "RUN")
        #expect(run.lines == 5...7)
        #expect(run.text == "apt-get update     && apt-get install -y curl")
        // Positions follow the characters to their lines.
        let ampersand = run.text.distance(from: run.text.startIndex, to: run.text.firstIndex(of: "&")!)
        #expect(run.position(at: ampersand) == TextPosition(line: 7, column: 5))
        #expect(file.finalChain.map(\.index) == [1, 0])
    }

    @Test func escapeDirectiveChangesTheContinuationCharacter() throws {
        let file = try parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\nUSER ContainerUser\n")
        #expect(file.escape == "`")
        #expect(file.stages[0].instructions.map(\.keyword) == ["RUN", "USER"])
        #expect(file.stages[0].instructions[0].text == "dir   c:\\")
    }

    @Test func heredocsAreReadAsBodies() throws {
        let file = try parse("FROM alpine:3.20\nRUN <<EOF bash\nset -e\necho hi\nEOF\nCOPY <<-CONF /etc/app.conf\n\tkey=value\n\tCONF\nUSER 1000\n")
        let instructions = file.stages[0].instructions
        #expect(instructions.map(\.keyword) == ["RUN", "COPY", "USER"])
        #expect(instructions[0].heredocs.first?.lines == ["set -e", "echo hi"])
        #expect(instructions[0].heredocs.first?.firstLine == 3)
        #expect(instructions[1].heredocs.first?.lines == ["key=value"])
        #expect(instructions[0].lines == 2...5)
    }

    @Test func assignmentsInBothForms() throws {
        let file = try parse("FROM alpine:3.20\nENV A=1 B=\"two words\" C='x y'\nENV OLD value with spaces\nARG NODEFAULT\n")
        let env = file.stages[0].instructions
        #expect(env[0].assignments().map { "\($0.name.text)=\($0.value?.text ?? "nil")" } == ["A=1", "B=two words", "C=x y"])
        #expect(env[1].assignments().map { "\($0.name.text)=\($0.value?.text ?? "nil")" } == ["OLD=value with spaces"])
        #expect(env[2].assignments().map { "\($0.name.text)=\($0.value?.text ?? "nil")" } == ["NODEFAULT=nil"])
    }

    @Test func variablesFollowTheStageChain() throws {
        let file = try parse("ARG BASE=python:3.12\nFROM ${BASE} AS a\nENV APP_USER=app\nARG LOCAL=x\nFROM a\nUSER $APP_USER\n")
        let final = try #require(file.finalStage)
        let variables = file.variables(in: final)
        #expect(variables["APP_USER"] == .some("app"))
        #expect(variables["LOCAL"] == nil)  // ARG is not inherited
        #expect(DockerVariables.substitute("${MISSING:-fallback}", [:]) == "fallback")
        #expect(DockerVariables.substitute("$MISSING", [:]) == nil)
    }

    /// What `docker build` would refuse is reported with its line and reason, never a crash.
    @Test func brokenDockerfilesAreReportedWithTheirReason() {
        #expect(failure("FORM python:3.12\n") == "cannot parse Dockerfile: line 1: unknown instruction 'FORM'")
        #expect(failure("RUN echo hi\nFROM python:3.12\n") == "cannot parse Dockerfile: line 1: RUN before the first FROM (only ARG may come first)")
        #expect(failure("# only a comment\n") == "cannot parse Dockerfile: no FROM instruction")
        #expect(failure("FROM alpine:3.20\nRUN <<EOF\necho never closed\n") == "cannot parse Dockerfile: line 2: heredoc <<EOF is not closed (no line 'EOF')")
        #expect(failure("FROM a b c d\n") == "cannot parse Dockerfile: line 1: FROM takes an image and an optional 'AS name'")
        #expect(failure("FROM alpine:3.20\nUSER\n") == "cannot parse Dockerfile: line 2: USER requires at least one argument")
        #expect(failure("# escape=x\nFROM alpine\n") == "cannot parse Dockerfile: line 1: invalid escape directive 'x' (use \\ or `)")
        #expect(failure("{{ if .Values.x }}\nFROM alpine\n") == "cannot parse Dockerfile: line 1: unknown instruction '{{'")
        #expect(DeployScanner.scan(bytes: [0x46, 0x52, 0xFF, 0xFE, 0x00], relativePath: "Dockerfile", displayPath: "Dockerfile")?.failure
                == "cannot read Dockerfile: not UTF-8 text")
        // A trailing continuation at the end of the file ends the instruction.
        #expect(failure("FROM alpine:3.20\nUSER 1000\nRUN echo \\") == nil)
    }

    @Test func execFormsAndShellWords() {
        #expect(JSONStringArray.parse("[\"flask\", \"run\", \"--host=0.0.0.0\"]") == ["flask", "run", "--host=0.0.0.0"])
        #expect(JSONStringArray.parse("[\"a\\\"b\", \"\\u00e9\"]") == ["a\"b", "é"])
        #expect(JSONStringArray.parse("[flask run]") == nil)
        #expect(JSONStringArray.parse("[\"unterminated]") == nil)
        let pipelines = ShellScript.pipelines("A=1 sudo -E pip install -r 'req s.txt' && echo \"a | b\" # | sh\ncurl -s x | bash")
        #expect(pipelines.count == 3)
        #expect(pipelines[0].commands.first?.program == "pip")
        #expect(pipelines[0].commands.first?.assignments == ["A": "1"])
        #expect(pipelines[0].commands.first?.words.last?.text == "req s.txt")
        #expect(pipelines[1].commands.count == 1)
        #expect(pipelines[2].commands.map { $0.program ?? "" } == ["curl", "bash"])
    }
}

@Suite("Deploy files by name")
struct DeployFileKindTests {
    @Test(arguments: [
        ("Dockerfile", DeployFileKind.dockerfile), ("docker/Dockerfile.prod", .dockerfile), ("Dockerfile-dev", .dockerfile), ("api.Dockerfile", .dockerfile),
        ("Containerfile", .dockerfile), ("docker-compose.yml", .compose), ("docker-compose.prod.yaml", .compose), ("compose.yaml", .compose),
        ("k8s/deployment.yaml", .kubernetes), ("gunicorn.conf.py", .gunicorn), ("config/gunicorn_config.py", .gunicorn), ("uwsgi.ini", .uwsgi),
        ("Procfile", .procfile),
    ])
    func namedKinds(path: String, kind: DeployFileKind) {
        #expect(DeployScanner.candidateKind(relativePath: path) == kind)
    }

    @Test(arguments: ["Dockerfile.j2", "Dockerfile.md", "dockerfile.txt", "app.py", "requirements.txt", "docs/dockerfiles.rst", "Dockerfiles"])
    func otherFiles(path: String) {
        #expect(DeployScanner.candidateKind(relativePath: path) != .dockerfile, "\(path)")
    }

    /// YAML that is not a manifest, INI files without `[uwsgi]` and Helm templates are not deploy files.
    @Test func contentDecidesForYAMLAndINI() {
        #expect(scan("name: CI\non: push\n", path: ".github/workflows/ci.yml") == nil)
        #expect(scan("[tool:pytest]\naddopts = -q\n", path: "setup.ini") == nil)
        #expect(scan("apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: {{ .Values.replicas }}\n", path: "chart/templates/d.yaml") == nil)
        #expect(scan("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", path: "k8s/cm.yaml")?.findings.isEmpty == true)
        #expect(scan("apiVersion: v1\nkind: Pod\nspec: [unclosed\n", path: "k8s/pod.yaml")?.failure?.hasPrefix("cannot parse Kubernetes manifest: line ") == true)
        #expect(scan("services:\n  web:\n    image: [x\n", path: "docker-compose.yml")?.failure?.hasPrefix("cannot parse Compose file: line ") == true)
    }

    /// Merge keys of merge keys grow exponentially; reading them stays bounded.
    @Test func mergeKeyBombEndsQuickly() throws {
        var text = "x0: &a0 {privileged: true}\n"
        for level in 1...12 { text += "x\(level): &a\(level)\n  <<: [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        text += "services:\n  web:\n    image: app:1\n    <<: *a12\n"
        let started = Date()
        let result = try #require(scan(text, path: "docker-compose.yml"))
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(result.failure == nil)
    }

    /// A Dockerfile comment right above an instruction carries its suppressions (a `#` after an
    /// instruction is not a comment in a Dockerfile).
    @Test func instructionSpansTakeTheCommentAbove() throws {
        let result = try #require(scan("FROM python:3.12\n# nosec: builder only\n# second line\nUSER root\n", path: "Dockerfile"))
        #expect(result.statementSpans == [1...1, 2...4])
    }

    /// Secrets are redacted in the description and marked for masking in every report.
    @Test func credentialsAreRedacted() throws {
        let secret = "Zx9-very-secret-Q"
        for (path, text) in [("Dockerfile", "FROM python:3.12\nENV DB_PASSWORD=\(secret)\nUSER 1\n"),
                             ("docker-compose.yml", "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: \"\(secret)\"\n"),
                             ("k8s/p.yaml", "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: a\n      image: a:1\n      env:\n        - {name: API_TOKEN, value: \(secret)}\n")] {
            let findings = try #require(scan(text, path: path)).findings.filter { $0.cwe == CWE(798) }
            #expect(findings.count == 1, "\(path)")
            for finding in findings {
                #expect(!finding.description.contains(secret))
                #expect(finding.description.contains(Redaction.redact(secret)))
                #expect(finding.redactions.map(\.secret) == [secret], "\(path)")
                let span = try #require(finding.redactions.first)
                let line = text.split(separator: "\n", omittingEmptySubsequences: false)[span.line - 1]
                #expect(Array(line)[(span.startColumn - 1)..<(span.endColumn - 1)].elementsEqual(secret), "\(path): span columns")
            }
        }
    }
}
