"""Runs a program with SIGINT at its default action, as a terminal's Ctrl-C finds it.

Usage: python3 default_sigint.py PROGRAM [ARGUMENT ...]

A process started in the background can inherit SIGINT ignored, and an ignored signal stays ignored across
exec; this puts it back to the default before becoming the program (same process, same pid).
"""
import os
import signal
import sys

signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])
