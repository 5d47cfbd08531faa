import Findings

/// The image runs as root: no `USER` in the stages the final image is built through, or the
/// last one is `root`/`0`.
enum DockerRootUser {
    static let descriptor = DeployDoc.descriptor(
        id: "TL-DEPLOY-DOCKER-ROOT-USER", name: "dockerfile-runs-as-root", summary: "Container image runs as root",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 250, kind: .dockerfile,
        what: "Finds Dockerfiles whose final image runs as root: the last `USER` of the final stage (or of the earlier stages it is built `FROM`) is `root` or `0`, or there is no `USER` at all. Only the final stage matters: a `USER root` in a build stage the final image copies files from is not reported. `FROM scratch` images and distroless `:nonroot` bases without a `USER` are not reported (they ship no shell or user database to misuse; `scratch` still runs as uid 0, so a `USER` is still better). A `USER` whose value is a build argument without a default is not judged. Without any `USER`, the finding is at Medium confidence: the base image might set a user itself.",
        why: "A process that runs as root inside the container is root on the host's kernel too: one bug in the app (a command injection, a path traversal into a writable mount) or in the runtime gives an attacker every file of mounted volumes, the power to install tools and, with any kernel or runtime escape, the host.",
        example: "FROM python:3.12-slim\nCOPY . /app\nCMD [\"gunicorn\", \"app:app\"]",
        useInstead: "FROM python:3.12-slim\nRUN useradd --create-home --uid 10001 app\nCOPY --chown=app . /app\nUSER app\nCMD [\"gunicorn\", \"app:app\"]",
        references: [DeployDoc.dockerfileReference + "#user", DeployDoc.dockerCheatSheet, DeployDoc.dockerPractices + "#user"],
        aliases: ["DL3002", "CKV_DOCKER_3", "CKV_DOCKER_8"])

    static let rule = DeployRule(descriptor, examples: [
        DeployExample("""
        FROM python:3.12-slim # error: TL-DEPLOY-DOCKER-ROOT-USER
        COPY . /app
        CMD ["gunicorn", "app:app"]
        """),
        DeployExample("""
        FROM python:3.12-slim
        RUN useradd app
        USER app
        RUN pip install flask
        USER root # error: TL-DEPLOY-DOCKER-ROOT-USER
        CMD ["flask", "run"]
        """),
        DeployExample("""
        FROM python:3.12-slim
        USER 0:0 # error: TL-DEPLOY-DOCKER-ROOT-USER
        """),
        // Only the final stage counts; a builder that runs as root is fine.
        DeployExample("""
        FROM python:3.12 AS builder
        USER root
        RUN pip wheel --wheel-dir /wheels -r requirements.txt
        FROM python:3.12-slim
        COPY --from=builder /wheels /wheels
        USER 10001
        CMD ["gunicorn", "app:app"]
        """),
        // The final stage is built from a stage that set the user.
        DeployExample("""
        FROM python:3.12-slim AS base
        RUN useradd app
        USER app
        FROM base AS production
        COPY . /app
        """),
        DeployExample("""
        ARG APP_UID
        FROM python:3.12-slim
        ARG APP_UID
        USER ${APP_UID}
        """),
        DeployExample("""
        FROM golang:1.22 AS build
        RUN go build -o /server .
        FROM scratch
        COPY --from=build /server /server
        ENTRYPOINT ["/server"]
        """),
        DeployExample("""
        FROM gcr.io/distroless/python3-debian12:nonroot
        COPY app.py /app.py
        """),
    ], check: .dockerfile(check))

    static func check(_ dockerfile: Dockerfile, _ file: DeployFile) -> [Finding] {
        let chain = dockerfile.finalChain
        guard let final = chain.first else { return [] }
        for stage in chain {
            guard let user = stage.last("USER") else { continue }
            let variables = dockerfile.variables(in: stage, before: user.index)
            guard let word = user.words().first, let value = DockerVariables.substitute(word.text, variables) else { return [] }
            let name = String(value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            guard name == "root" || name == "0" else { return [] }
            let end = user.position(at: word.offset + word.text.count)
            return [file.finding(descriptor, at: user.keywordPosition, endColumn: end.column,
                                 description: "The final image runs as `\(value)`: `USER \(word.text)` is the last user the image's stages set.",
                                 remediation: "Create an unprivileged user (`RUN useradd --uid 10001 app`) and end the final stage with `USER app` (or a numeric uid); do the steps that need root before it.",
                                 fix: "USER 10001")]
        }
        // No USER anywhere: what runs depends on the base image.
        let base = chain.last.flatMap { dockerfile.resolvedImage(of: $0) } ?? chain.last?.image.text ?? ""
        if base.lowercased() == "scratch" || base.lowercased().contains("nonroot") { return [] }
        guard dockerfile.resolvedImage(of: chain.last ?? final) != nil else { return [] }
        return [file.finding(descriptor, at: final.from.keywordPosition,
                             description: "The final stage (`FROM \(final.image.text)`) sets no `USER`, so the container runs as the base image's user: root for `\(base)` unless that image sets another.",
                             remediation: "Add an unprivileged user and switch to it at the end of the final stage: `RUN useradd --uid 10001 app` then `USER app` (or `USER 10001`).",
                             confidence: .medium)]
    }
}
