package academy.datadetective.migration;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/**
 * A test-only entity (AutogenerateTest) whose column {@code note} the fixture migration
 * db/autogenerate/V9005 leaves out. Test classes join the persistence unit of every {@code @QuarkusTest}, which
 * never creates, validates or reads its table: only a test that applies V9005 has one.
 */
@Entity
@Table(name = "autogenerate_fixture")
public class AutogenerateFixture extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "name", nullable = false, length = 100)
    public String name;

    @Column(name = "note", length = 500)
    public String note;
}
