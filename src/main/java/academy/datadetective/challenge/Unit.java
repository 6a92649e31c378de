package academy.datadetective.challenge;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A unit of the built-in catalogue, inserted by the migration as reference data. */
@Entity
@Table(name = "units")
public class Unit extends PanacheEntityBase {

    @Id
    @Column(name = "id", nullable = false)
    public Integer id;

    @Column(name = "title", nullable = false, length = 100)
    public String title;
}
