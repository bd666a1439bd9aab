"""Python's ftputil doing its own job: makedirs, upload, walk, stat, rename of a directory, download, rmtree.

Usage: python3 ftputil_job.py PORT USER PASSWORD MODE LOCAL_DIR REMOTE_DIR BACK_DIR (MODE: plain or explicit)
"""
import ftplib
import os
import ssl
import sys

import ftputil
import ftputil.session


class UnverifiedTls(ftplib.FTP_TLS):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, context=ssl._create_unverified_context(), **kwargs)


def main(port, user, password, mode, local, remote, back):
    base = ftplib.FTP if mode == "plain" else UnverifiedTls
    factory = ftputil.session.session_factory(base_class=base, port=int(port), encoding="UTF-8",
                                              encrypt_data_channel=mode != "plain")
    with ftputil.FTPHost("127.0.0.1", user, password, session_factory=factory) as host:
        staging = remote + "-staging"
        for folder, _, files in os.walk(local):
            relative = os.path.relpath(folder, local)
            target = staging if relative == "." else host.path.join(staging, relative)
            host.makedirs(target, exist_ok=True)
            for name in files:
                host.upload(os.path.join(folder, name), host.path.join(target, name))
        # a directory renamed with all it holds
        host.rename(staging, remote)
        assert not host.path.exists(staging), "the old name is still there"
        walked = 0
        for folder, _, files in host.walk(remote):
            for name in files:
                path = host.path.join(folder, name)
                relative = os.path.relpath(path, remote)
                assert host.stat(path).st_size == os.path.getsize(os.path.join(local, relative)), path
                target = os.path.join(back, relative)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                host.download(path, target)
                walked += 1
        print("walked", walked)
        host.rmtree(remote)
        assert not host.path.exists(remote), "rmtree left the directory"


if __name__ == "__main__":
    main(*sys.argv[1:])
