"""What the coordinator sees: where every release stands, and the HTML report."""
