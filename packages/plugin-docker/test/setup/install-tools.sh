#!/bin/sh
# Tools plugin-docker's tests use (Debian 12). Nothing is configured system-wide: the tests write
# their own docker-registry config and podman containers.conf/storage.conf into temp dirs and pass
# them through CONTAINERS_CONF / CONTAINERS_STORAGE_CONF / CONTAINERS_REGISTRIES_CONF.
# runc must be installed: podman's default crun cannot start containers on cgroup-v1-hybrid hosts.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y --no-install-recommends skopeo umoci docker-registry podman runc uidmap conmon golang-github-containers-common
