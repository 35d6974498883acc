"""Integrations of fastwbxml with other tools (each module imports its tool only when used).

``mitmproxy_addon``: a mitmproxy content view for ActiveSync bodies (a mitmproxy script).
"""
