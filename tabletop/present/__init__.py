"""Games put into words for people: the log's lines, the after-action report, and the plain-text prompts of
headless play. Reads the engine; imports no user-interface library; every file text is made `visible`.
"""
