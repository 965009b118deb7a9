"""The 调度通报: what it says (`content`), as text (`text`) and as a Word document (`word`)."""
