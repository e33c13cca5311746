"""Scale-out infrastructure (issue 10 items 5 and 6): queues, worker recycling, read replica, sessions, PDF speed."""
