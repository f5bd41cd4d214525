"""Helpers shared by several test modules (subprocess CLI runs, headless Chromium)."""
