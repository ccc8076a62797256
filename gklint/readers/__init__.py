"""Built-in plugins, each module registered under the ``gklint`` entry-point group."""
