"""How relay runs, whatever the stage: atomic files, the project lock, worker processes, run
state, safe XML."""
