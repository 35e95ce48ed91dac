"""SLA reports: compliance, time to meet, what is late now, and each employee's record.

``scope`` says who sees which departments, ``filters`` reads the period and the other choices
of a request, ``figures`` counts clocks with grouped SQL, ``percentiles`` the time to meet,
``people`` each employee's figures and incidents, ``report`` reads a request once for every
answer, ``charts`` draws SVG, ``export`` writes CSV; ``pages`` and ``api`` are the routes and
``panel`` the month's figures on a person's page.
"""
