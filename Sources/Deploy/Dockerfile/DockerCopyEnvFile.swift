import Findings
import ProjectChecks

/// `COPY .env` / `ADD .env.production` from the build context.
enum DockerCopyEnvFile {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-COPY-ENV-FILE", name: "dockerfile-copies-env-file", summary: "COPY or ADD puts an .env file into the image",
        severity: .medium, confidence: .high, owasp: .a01, cwe: 538, kind: .dockerfile,
        what: "Finds `COPY` and `ADD` instructions whose source is an environment file from the build context (`.env`, `.env.production`, `prod.env`), in every stage. Templates (`.env.example`, `.env.sample`, `.env.template`) and copies from another stage (`COPY --from=...`) are not reported. A `COPY . .` that takes a `.env` along because `.dockerignore` does not exclude it is not found by this rule.",
        why: "The file becomes a layer of the image: every credential in it can be read by anyone who can pull the image, from any registry or cache it is pushed to, even if a later step deletes it.",
        example: "COPY .env /app/.env",
        useInstead: "# .dockerignore\n.env\n.env.*\n# and give the settings to the container at run time (docker run --env-file, compose env_file, a Kubernetes Secret)",
        references: [DeployDoc.dockerfileReference + "#copy", "https://docs.docker.com/build/concepts/context/#dockerignore-files", DeployDoc.secretsCheatSheet],
        aliases: [])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim
        WORKDIR /app
        COPY .env ./ # error: TL-DEPLOY-DOCKER-COPY-ENV-FILE
        ADD --chown=app config/.env.production /app/.env # error: TL-DEPLOY-DOCKER-COPY-ENV-FILE
        COPY requirements.txt deploy/prod.env /app/ # error: TL-DEPLOY-DOCKER-COPY-ENV-FILE
        USER 1000
        """),
        DeployExample("""
        FROM python:3.12-slim AS build
        COPY .env.example /app/.env
        FROM python:3.12-slim
        COPY --from=build /app/.env /app/.env
        COPY environment.py settings.envrc.md /app/
        COPY . /app
        USER 1000
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        var findings: [Finding] = []
        for instruction in dockerfile.instructions where (instruction.keyword == "COPY" || instruction.keyword == "ADD") && instruction.flags["from"] == nil {
            guard instruction.execForm == nil, instruction.heredocs.isEmpty else { continue }
            for source in instruction.operands.dropLast() {
                let name = source.text.split(separator: "/").last.map(String.init) ?? source.text
                guard ProjectChecks.isEnvFile(name) else { continue }
                let position = instruction.position(at: source.offset)
                findings.append(file.finding(descriptor, at: position, endColumn: position.column + source.text.count,
                                             description: "`\(instruction.keyword) \(source.text)` puts an environment file, and every credential in it, into a layer of the image.",
                                             remediation: "Remove this `\(instruction.keyword)`, list `.env` and `.env.*` in `.dockerignore`, and give the settings to the container at run time (`--env-file`, compose `env_file:`, a Kubernetes Secret); rotate what the image already published."))
            }
        }
        return findings
    }
}
