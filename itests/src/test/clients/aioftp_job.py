"""Python's aioftp doing its own job: make_directory(parents=True), recursive upload and download.

Usage: python3 aioftp_job.py PORT USER PASSWORD MODE LOCAL_DIR REMOTE_DIR BACK_DIR (MODE: plain or implicit)
"""
import asyncio
import pathlib
import ssl
import sys

import aioftp


async def main(port, user, password, mode, local, remote, back):
    options = {}
    if mode == "implicit":
        options["ssl"] = ssl._create_unverified_context()
    async with aioftp.Client.context("127.0.0.1", int(port), user, password, **options) as client:
        remote = pathlib.PurePosixPath(remote)
        await client.make_directory(remote.parent, parents=True)
        assert not await client.exists(remote), "the target exists before the upload"
        # aioftp uploads a tree relative to the working directory
        await client.change_directory(remote.parent)
        await client.upload(local, remote.name, write_into=True)
        assert await client.is_dir(remote.name)
        listed = [path async for path, info in client.list(remote.name, recursive=True) if info["type"] == "file"]
        print("listed", len(listed))
        await client.download(remote.name, back, write_into=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:]))
