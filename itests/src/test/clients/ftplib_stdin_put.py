"""Python's ftplib storing what it reads on standard input, as a script that uploads a stream would.

Usage: python3 ftplib_stdin_put.py PORT USER PASSWORD REMOTE_PATH

Ctrl-C (SIGINT) ends it as it ends any ftplib program: KeyboardInterrupt inside storbinary, which closes the
data connection on its way out, and then the interpreter exits.
"""
import ftplib
import signal
import sys

# a process started in the background may inherit SIGINT ignored; a user's Ctrl-C is what is meant here
signal.signal(signal.SIGINT, signal.default_int_handler)

port, user, password, remote = sys.argv[1:5]
ftp = ftplib.FTP()
ftp.connect("127.0.0.1", int(port))
ftp.login(user, password)
ftp.storbinary("STOR " + remote, sys.stdin.buffer, blocksize=65536)
ftp.quit()
