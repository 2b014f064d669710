# tako-setup's container image, built by GoReleaser (dockers_v2 in
# .goreleaser.yaml) from the static binary it has already built for each
# platform: the build context holds it at $TARGETPLATFORM/tako-setup. No Go
# toolchain, no shell, no package manager: distroless "static", as the
# non-root user it defines (uid 65532).
#
#   docker run --rm -it --user "$(id -u):$(id -g)" -v "$PWD:/work" ghcr.io/fctr-id/tako-setup
#
# runs the wizard on ./.env; `… check --quiet` is Tako's preflight (README).
FROM gcr.io/distroless/static-debian12:nonroot

ARG TARGETPLATFORM
COPY $TARGETPLATFORM/tako-setup /usr/local/bin/tako-setup

# The working directory is the volume the .env lives in. The wizard's state
# directory (what lets it resume) goes there too, as .tako-setup-state/, so
# it outlives a --rm container.
WORKDIR /work
VOLUME /work
ENV XDG_STATE_HOME=/work/.tako-setup-state

USER 65532:65532
ENTRYPOINT ["/usr/local/bin/tako-setup"]
