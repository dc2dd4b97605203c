"""What can go wrong editing a package."""


class PackageError(Exception):
    """The package cannot be edited in place safely; the message says why, in a few words."""
