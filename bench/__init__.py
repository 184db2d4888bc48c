"""uninews's performance suite (not part of the installed package): ``python -m bench``."""
